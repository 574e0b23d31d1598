/** Architecture rules: data flows HTTP -> use case -> domain + ports -> adapters, never back. */
module.exports = {
  forbidden: [
    {
      name: 'core-stays-pure',
      comment: 'domain/ and badges/ know nothing of the HTTP layer or of adapters',
      severity: 'error',
      from: { path: '^src/(domain|badges)/' },
      to: { path: '^src/(http|adapters|app|jobs|cli)/' },
    },
    {
      name: 'domain-knows-no-formats',
      comment: 'the programme rules do not depend on badge formats',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/badges/' },
    },
    {
      name: 'app-uses-ports-not-adapters',
      comment: 'use cases talk to ports; the composition root picks adapters',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(http|adapters)/' },
    },
    {
      name: 'ports-name-no-adapter',
      comment: 'a port is an interface the adapters implement; it never knows one of them',
      severity: 'error',
      from: { path: '^src/ports/' },
      to: { path: '^src/adapters/' },
    },
    {
      name: 'http-uses-use-cases-not-adapters',
      comment: 'routes reach storage, mail and fetching through use cases; only the composition root picks adapters',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^src/adapters/' },
    },
    {
      name: 'core-does-no-file-io',
      comment:
        'domain/ and badges/ read no files: the composition root reads contexts and schemas (adapters/standards-files) and passes them in',
      severity: 'error',
      from: { path: '^src/(domain|badges)/' },
      to: { path: '^(node:)?fs(/promises)?$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};

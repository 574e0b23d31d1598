import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { CATALOG_SCHEMA } from './catalogSchema.js';
import { type CatalogFile, resolveFamilies } from './resolveFamilies.js';
import { datedProblems, semanticProblems } from './semanticChecks.js';
import type { Catalog, CatalogProblem } from './types.js';

export type CatalogValidation =
  | { readonly ok: true; readonly catalog: Catalog }
  | { readonly ok: false; readonly errors: readonly CatalogProblem[] };

export interface CatalogValidationOptions {
  /**
   * The UTC day (YYYY-MM-DD) to judge dated rules on: an entry still active after its
   * retirement date is refused. Absent: those checks are skipped.
   */
  readonly today?: string;
}

/**
 * Checks a parsed catalog file against the schema, then against the rules a schema cannot
 * express, and applies each family's rule to its members. Every problem names its JSON Pointer
 * (`/achievements/3/kind`) and the id of the achievement or family there, so a maintainer can go
 * straight to it. Semantic checks run only once the shape is right: they read the fields the
 * schema guarantees. The catalog returned is a frozen copy, safe to share between requests.
 */
export function validateCatalog(json: unknown, options: CatalogValidationOptions = {}): CatalogValidation {
  const validate = schemaValidator();
  if (!validate(json)) return { ok: false, errors: nameEntries(describeSchemaErrors(validate.errors ?? []), json) };
  const file = deepFreeze(structuredClone(json) as CatalogFile);
  const catalog = deepFreeze(resolveFamilies(file));
  const errors = [
    ...semanticProblems(file, catalog),
    ...(options.today === undefined ? [] : datedProblems(file, catalog, options.today)),
  ];
  return errors.length === 0 ? { ok: true, catalog } : { ok: false, errors };
}

/** Adds the id of the achievement or family a problem's path points into, when the file gives one. */
function nameEntries(problems: readonly CatalogProblem[], json: unknown): CatalogProblem[] {
  return problems.map((problem) => {
    const match = /^\/(achievements|families)\/(\d+)(\/|$)/.exec(problem.path);
    if (match === null) return problem;
    const list = (json as Record<string, unknown>)[match[1]!];
    const id = Array.isArray(list)
      ? (list[Number(match[2])] as Record<string, unknown> | undefined)?.['id']
      : undefined;
    if (typeof id !== 'string') return problem;
    return match[1] === 'achievements' ? { ...problem, achievement: id } : { ...problem, family: id };
  });
}

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (compiled === undefined) {
    // strictRequired is off: the conditional `required` lists in if/then name properties
    // declared one level up, which is the point of them.
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    addFormats.default(ajv);
    compiled = ajv.compile(CATALOG_SCHEMA);
  }
  return compiled;
}

/** Why a field is refused where the schema sets it to `false`, by field name. */
const NOT_ALLOWED: Readonly<Record<string, string>> = {
  requirements: 'is only allowed on certifications',
  validity: 'is only allowed on certifications',
  image: 'is only allowed when the badge is available',
  reason: 'is only allowed when the badge is not available',
};

/** Why a conditionally required field is missing, by field name. */
const REQUIRED_WHEN: Readonly<Record<string, string>> = {
  reason: 'is required when the badge is not available ("excluded" or "legacy")',
};

function describeSchemaErrors(errors: readonly ErrorObject[]): CatalogProblem[] {
  const problems = new Map<string, CatalogProblem>();
  for (const error of errors) {
    // `if` only reports that its `then`/`else` failed; the nested error says what and where.
    if (error.keyword === 'if') continue;
    const problem = describe(error);
    problems.set(`${problem.path}\n${problem.message}`, problem);
  }
  return [...problems.values()];
}

function describe(error: ErrorObject): CatalogProblem {
  const path = error.instancePath || '/';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { path: `${error.instancePath}/${String(params['additionalProperty'])}`, message: 'is not a known field' };
    case 'required': {
      const field = String(params['missingProperty']);
      const conditional = error.schemaPath.includes('/then/');
      return {
        path: `${error.instancePath}/${field}`,
        message: (conditional ? REQUIRED_WHEN[field] : undefined) ?? 'is required',
      };
    }
    case 'false schema': {
      const field = error.instancePath.split('/').at(-1) ?? '';
      return { path, message: NOT_ALLOWED[field] ?? 'is not allowed here' };
    }
    case 'enum':
      return { path, message: `must be one of: ${(params['allowedValues'] as unknown[]).join(', ')}` };
    case 'format':
      return {
        path,
        message:
          params['format'] === 'date'
            ? 'must be a real date, YYYY-MM-DD'
            : `must be a valid ${String(params['format'])}`,
      };
    default:
      return { path, message: error.message ?? 'is invalid' };
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

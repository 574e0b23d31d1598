/**
 * The JSON Schema (draft 2020-12) of the catalog file. It is kept here, as code, so that
 * validation stays pure (no file read in the domain); `schemas/catalog.schema.json` is the
 * published copy editors point at, and a test keeps the two identical.
 * `additionalProperties: false` everywhere: a misspelt field is an error, never silently ignored.
 */
export const CATALOG_SCHEMA_ID = 'https://accolade.example/schemas/catalog.schema.json';

const https = { type: 'string', format: 'uri', pattern: '^https://', maxLength: 2000 };

export const CATALOG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: CATALOG_SCHEMA_ID,
  title: 'Programme catalog: exams, certifications and their badges',
  $comment:
    'Generated from src/domain/catalog/catalogSchema.ts, which the service validates with; a test keeps them equal.',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'families', 'achievements'],
  properties: {
    $schema: { type: 'string' },
    version: {
      description:
        'Shown by GET /api/v1/rules and kept in the rules history; change it with every edit (a changed file under a version already in force is refused).',
      type: 'string',
      minLength: 1,
      maxLength: 64,
    },
    families: {
      description: 'Every family an achievement names, with the rule its members take unless they state their own.',
      type: 'array',
      items: { $ref: '#/$defs/family' },
    },
    achievements: { type: 'array', minItems: 1, items: { $ref: '#/$defs/achievement' } },
  },
  $defs: {
    id: {
      description: 'Exam code or certification slug; unique ignoring case.',
      type: 'string',
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
    },
    day: { description: 'A UTC day, YYYY-MM-DD.', type: 'string', format: 'date' },
    text: {
      type: 'object',
      additionalProperties: false,
      required: ['en', 'fr'],
      properties: {
        en: { type: 'string', minLength: 1, maxLength: 4000 },
        fr: { type: 'string', minLength: 1, maxLength: 4000 },
      },
    },
    familyId: {
      description: 'Lower-case words joined by hyphens.',
      type: 'string',
      pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
      maxLength: 64,
    },
    status: {
      description:
        "active, or retired (with a retirementDate: the last day a pass counts). Absent: the family's, else active.",
      enum: ['active', 'retired'],
    },
    retirementDate: {
      description:
        "The last UTC day a pass counts. Required when retired; may be set ahead of time. Absent: the family's.",
      $ref: '#/$defs/day',
    },
    noBadge: {
      description: 'No badge: excluded by the programme, or legacy (never had one).',
      type: 'object',
      additionalProperties: false,
      required: ['available', 'reason'],
      properties: { available: { const: false }, reason: { enum: ['excluded', 'legacy'] } },
    },
    note: { description: 'A maintainer remark; never shown to recipients.', type: 'string', maxLength: 2000 },
    family: {
      description: 'A group ruled on together; each rule field applies to the members that do not state it.',
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name'],
      properties: {
        id: { $ref: '#/$defs/familyId' },
        name: { $ref: '#/$defs/text' },
        description: { $ref: '#/$defs/text' },
        status: { $ref: '#/$defs/status' },
        retirementDate: { $ref: '#/$defs/retirementDate' },
        badge: { $ref: '#/$defs/noBadge' },
        note: { $ref: '#/$defs/note' },
      },
    },
    idList: { type: 'array', minItems: 1, uniqueItems: true, items: { $ref: '#/$defs/id' } },
    requirementGroup: {
      description: 'Every id in allOf and, when given, at least one id in oneOf.',
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: { allOf: { $ref: '#/$defs/idList' }, oneOf: { $ref: '#/$defs/idList' } },
    },
    badge: {
      description: "Whether the programme awards a badge. Absent: the family's, else available.",
      type: 'object',
      additionalProperties: false,
      required: ['available'],
      properties: {
        available: { type: 'boolean' },
        reason: {
          description: 'Why there is no badge: excluded by the programme, or legacy (never had one).',
          enum: ['excluded', 'legacy'],
        },
        image: {
          description: 'A PNG or SVG file under assets/; absent means the service draws one.',
          type: 'string',
          pattern: '^(?!/)(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9._/-]+\\.(png|svg)$',
          maxLength: 200,
        },
      },
      if: { required: ['available'], properties: { available: { const: false } } },
      // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword (2020-12 §10.2.2.2), not a thenable
      then: { required: ['reason'], properties: { image: false } },
      else: { properties: { reason: false } },
    },
    achievement: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'kind', 'title', 'description', 'criteria', 'family', 'releaseDate'],
      properties: {
        id: { $ref: '#/$defs/id' },
        kind: { enum: ['exam', 'certification'] },
        title: { $ref: '#/$defs/text' },
        description: { $ref: '#/$defs/text' },
        criteria: {
          type: 'object',
          additionalProperties: false,
          required: ['narrative'],
          properties: { narrative: { $ref: '#/$defs/text' }, url: https },
        },
        family: { description: 'The id of a family declared in families.', $ref: '#/$defs/familyId' },
        tags: {
          type: 'array',
          uniqueItems: true,
          maxItems: 20,
          items: { type: 'string', minLength: 1, maxLength: 64 },
        },
        releaseDate: { $ref: '#/$defs/day' },
        status: { $ref: '#/$defs/status' },
        retirementDate: { $ref: '#/$defs/retirementDate' },
        badge: { $ref: '#/$defs/badge' },
        supersedes: {
          description: 'Older achievements of the same kind this one replaces; informative, shown in the catalog.',
          $ref: '#/$defs/idList',
        },
        requirements: {
          description: 'Certifications only: what earns it. Exams and prerequisite certifications.',
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            exams: { $ref: '#/$defs/requirementGroup' },
            certifications: { $ref: '#/$defs/requirementGroup' },
          },
        },
        validity: {
          description: 'Certifications only: how long it stays valid. Absent: it never expires.',
          type: 'object',
          additionalProperties: false,
          required: ['months'],
          properties: { months: { type: 'integer', minimum: 1, maximum: 120 }, renewalUrl: https },
        },
        note: { $ref: '#/$defs/note' },
      },
      // A retired entry's date may come from its family, so "retired without a date" is a check
      // of the resolved catalog (semanticChecks.ts), not of the schema.
      if: { required: ['kind'], properties: { kind: { const: 'exam' } } },
      // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword (2020-12 §10.2.2.2), not a thenable
      then: { properties: { requirements: false, validity: false } },
    },
  },
} as const;

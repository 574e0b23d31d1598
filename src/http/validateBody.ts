import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { AccoladeError } from '../errors.js';
import { projectPath } from '../paths.js';

/**
 * Request bodies are checked against the JSON Schemas in `schemas/api/` before a use case sees
 * them: wrong types and unknown fields are refused with `validation_failed` and the JSON path of
 * each problem, so a typo in a field name never silently drops data.
 */
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);

const compiled = new Map<string, ValidateFunction>();

function validatorFor(schemaName: string): ValidateFunction {
  const known = compiled.get(schemaName);
  if (known !== undefined) return known;
  const schema = JSON.parse(readFileSync(projectPath('schemas', 'api', `${schemaName}.schema.json`), 'utf8'));
  const validate = ajv.compile(schema);
  compiled.set(schemaName, validate);
  return validate;
}

export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

export function describeProblems(errors: readonly ErrorObject[]): FieldProblem[] {
  return errors.map((error) => {
    if (error.keyword === 'additionalProperties') {
      const field = String((error.params as { additionalProperty?: unknown }).additionalProperty);
      return { path: `${error.instancePath}/${field}`, message: 'is not a known field' };
    }
    if (error.keyword === 'required') {
      const field = String((error.params as { missingProperty?: unknown }).missingProperty);
      return { path: `${error.instancePath}/${field}`, message: 'is required' };
    }
    return { path: error.instancePath || '/', message: error.message ?? 'is invalid' };
  });
}

/** Returns the body typed as T when it matches `schemas/api/<schemaName>.schema.json`. */
export function validateBody<T>(schemaName: string, body: unknown): T {
  const validate = validatorFor(schemaName);
  if (!validate(body)) {
    throw new AccoladeError('validation_failed', 'The request body does not match the expected shape', {
      errors: describeProblems(validate.errors ?? []),
    });
  }
  return body as T;
}

import { isJsonObject, type JsonObject } from './safeJson.js';

/** JSON-LD lets most properties be one value or an array of them. */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The id of a node given as an IRI string or as an object with `id`. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isJsonObject(value)) return stringOf(value['id']);
  return undefined;
}

export function objectOf(value: unknown): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

/** `type` as a list of strings, whether given as one string or an array. */
export function typesOf(node: JsonObject | undefined): string[] {
  return asArray(node?.['type']).filter((entry): entry is string => typeof entry === 'string');
}

export function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/** Drops undefined members, so the JSON report carries no empty keys. */
export function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

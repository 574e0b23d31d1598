import { hash } from 'node:crypto';

/**
 * JSON with object keys sorted, so two equal requests hash alike whatever their key order.
 * Members are appended in loops (every request is fingerprinted): the same text as mapping
 * entries, sorting them and joining.
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let items = '';
    for (let i = 0; i < value.length; i += 1) items += `${i === 0 ? '' : ','}${canonicalJson(value[i]) ?? ''}`;
    return `[${items}]`;
  }
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    // The default sort compares UTF-16 code units, as `<` does.
    const keys = Object.keys(object).sort();
    let members = '';
    for (const key of keys) {
      const member = object[key];
      if (member === undefined) continue;
      members += `${members === '' ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
    }
    return `{${members}}`;
  }
  return JSON.stringify(value);
}

export function fingerprint(value: unknown): string {
  return hash('sha256', canonicalJson(value), 'hex');
}

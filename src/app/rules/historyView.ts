import { type CatalogChanges, catalogChanges } from '../../domain/catalog/catalogChanges.js';
import { AccoladeError } from '../../errors.js';
import { checkRulesBytes } from './checkRulesFile.js';
import type { RulesHistory, RulesHistoryRecord } from './rulesHistory.js';

/** One history entry as the API shows it: everything but the file's text. */
export type RulesHistoryView = Omit<RulesHistoryRecord, '_id' | 'content'> & { readonly id: string };

export function historyView({ _id, content: _content, ...rest }: RulesHistoryRecord): RulesHistoryView {
  return { id: _id, ...rest };
}

export interface VersionDiff {
  readonly from: RulesHistoryView;
  readonly to: RulesHistoryView;
  readonly changes: CatalogChanges;
}

/** The changes between two versions that took effect, each named by version or history id. */
export async function diffVersions(history: RulesHistory, from: string, to: string): Promise<VersionDiff> {
  const [before, after] = await Promise.all([history.find(from), history.find(to)]);
  for (const [name, found] of [
    ['from', before],
    ['to', after],
  ] as const) {
    if (found === null) {
      throw new AccoladeError('not_found', `No version "${name === 'from' ? from : to}" in the rules history`, {
        parameter: name,
      });
    }
  }
  return {
    from: historyView(before!),
    to: historyView(after!),
    changes: catalogChanges(catalogOf(before!), catalogOf(after!)),
  };
}

function catalogOf(record: RulesHistoryRecord) {
  const check = checkRulesBytes(Buffer.from(record.content, 'utf8'), { checkImages: false });
  if (check.ok) return check.catalog;
  throw new AccoladeError(
    'rules_invalid',
    `Version ${record.version} does not pass the checks of this release any more, so it cannot be compared`,
    { version: record.version, errors: check.errors },
  );
}

/**
 * One record by its key, read with the others asked for in the same turn: a sender composing
 * ten messages at once reads their ten awards (or accounts) in one store read rather than ten.
 * `read` gets the distinct keys and returns the records found; `keyOf` tells which key a record
 * answers. A key without a record gets null; a failed read fails every caller of its turn.
 */
export function readTogether<T>(
  read: (keys: readonly string[]) => Promise<readonly T[]>,
  keyOf: (record: T) => string,
): (key: string) => Promise<T | null> {
  type Caller = { readonly resolve: (record: T | null) => void; readonly reject: (error: unknown) => void };
  let asked: Map<string, Caller[]> | undefined;

  async function answer(turn: Map<string, Caller[]>): Promise<void> {
    try {
      const found = new Map((await read([...turn.keys()])).map((record) => [keyOf(record), record]));
      for (const [key, callers] of turn) for (const caller of callers) caller.resolve(found.get(key) ?? null);
    } catch (error) {
      for (const callers of turn.values()) for (const caller of callers) caller.reject(error);
    }
  }

  return (key) =>
    new Promise<T | null>((resolve, reject) => {
      if (asked === undefined) {
        const turn = new Map<string, Caller[]>();
        asked = turn;
        queueMicrotask(() => {
          asked = undefined;
          void answer(turn);
        });
      }
      const callers = asked.get(key);
      if (callers === undefined) asked.set(key, [{ resolve, reject }]);
      else callers.push({ resolve, reject });
    });
}

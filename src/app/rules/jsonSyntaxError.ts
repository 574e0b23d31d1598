/**
 * Where a JSON text first breaks (RFC 8259 grammar), as line and column: V8's JSON.parse names
 * an offset for some errors and only a snippet of the text for others, and a maintainer editing
 * the rules file needs to know which line to look at.
 */
export interface JsonSyntaxError {
  readonly line: number;
  readonly column: number;
  readonly problem: string;
}

class Stop extends Error {
  constructor(readonly offset: number) {
    super('JSON syntax error');
  }
}

export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let offset = 0;
  const fail = (): never => {
    throw new Stop(offset);
  };
  const space = (): void => {
    while (offset < text.length && ' \t\n\r'.includes(text[offset]!)) offset += 1;
  };
  const expect = (literal: string): void => {
    for (const char of literal) {
      if (text[offset] !== char) fail();
      offset += 1;
    }
  };
  const string = (): void => {
    expect('"');
    while (text[offset] !== '"') {
      const char = text[offset];
      if (char === undefined || char < ' ') fail();
      if (char === '\\') {
        offset += 1;
        if (text[offset] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(offset + 1, offset + 5))) fail();
          offset += 4;
        } else if (!'"\\/bfnrt'.includes(text[offset] ?? 'x')) fail();
      }
      offset += 1;
    }
    offset += 1;
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(offset));
    if (match === null) fail();
    offset += match![0].length;
  };
  const sequence = (close: string, item: () => void): void => {
    offset += 1;
    space();
    if (text[offset] === close) {
      offset += 1;
      return;
    }
    for (;;) {
      item();
      space();
      if (text[offset] === close) {
        offset += 1;
        return;
      }
      expect(',');
      space();
    }
  };
  const value = (): void => {
    space();
    const char = text[offset];
    if (char === '{') {
      sequence('}', () => {
        string();
        space();
        expect(':');
        value();
      });
    } else if (char === '[') sequence(']', value);
    else if (char === '"') string();
    else if (char === 't') expect('true');
    else if (char === 'f') expect('false');
    else if (char === 'n') expect('null');
    else number();
  };

  try {
    value();
    space();
    if (offset < text.length) fail();
    return undefined;
  } catch (error) {
    // Anything else (nesting deeper than the stack) leaves the caller with JSON.parse's own message.
    if (!(error instanceof Stop)) return undefined;
    const before = text.slice(0, error.offset);
    const char = text[error.offset];
    return {
      line: before.split('\n').length,
      column: before.length - before.lastIndexOf('\n'),
      problem: char === undefined ? 'the text ends too early' : `unexpected ${JSON.stringify(char)}`,
    };
  }
}

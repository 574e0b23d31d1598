/**
 * A small, strict XML tokenizer for baked SVG badges. It understands elements, attributes,
 * text, CDATA, comments and processing instructions, and refuses every `<!` declaration
 * (DOCTYPE, ENTITY, ...) outright, so entity expansion (XXE, billion laughs) cannot happen.
 * It moves forward only: each character is looked at a bounded number of times and every
 * search (`indexOf`) starts where the previous one ended, so time is linear in the input and
 * no regular expression can backtrack. A `WorkMeter` counts the characters examined, so tests
 * bound that work by the input's length rather than by a clock.
 */

/** Units of work done (characters examined, entries visited), counted for tests to bound. */
export interface WorkMeter {
  steps: number;
}

export type XmlScanFailure = 'malformed' | 'declaration' | 'too_deep';

export class XmlScanError extends Error {
  readonly reason: XmlScanFailure;

  constructor(reason: XmlScanFailure, message: string) {
    super(message);
    this.name = 'XmlScanError';
    this.reason = reason;
  }
}

export interface XmlAttribute {
  readonly name: string;
  /** The value with entity and character references decoded. */
  readonly value: string;
  /** Source span of `name="value"`. */
  readonly start: number;
  readonly end: number;
}

interface Span {
  /** Source span of the whole token. */
  readonly start: number;
  readonly end: number;
}

export type XmlToken =
  | (Span & {
      readonly kind: 'start';
      readonly name: string;
      readonly attributes: readonly XmlAttribute[];
      readonly selfClosing: boolean;
      /** 0 for the root element. */
      readonly depth: number;
    })
  | (Span & { readonly kind: 'end'; readonly name: string; readonly depth: number })
  /** `value` is the text with references decoded, or the content of a CDATA section. */
  | (Span & { readonly kind: 'text' | 'cdata'; readonly value: string })
  | (Span & { readonly kind: 'comment' | 'pi' });

/** Far deeper than any real badge; stops a document made of nothing but opening tags. */
export const MAX_XML_DEPTH = 256;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isNameStart(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code === 0x3a || code >= 0x80
  );
}

function isNameChar(code: number): boolean {
  return isNameStart(code) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2e;
}

function malformed(message: string): XmlScanError {
  return new XmlScanError('malformed', message);
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (!isWhitespace(text.charCodeAt(i))) return false;
  return true;
}

class Cursor {
  position = 0;

  constructor(
    readonly source: string,
    private readonly meter: WorkMeter | undefined,
  ) {}

  count(steps: number): void {
    if (this.meter) this.meter.steps += steps;
  }

  skipWhitespace(): number {
    const from = this.position;
    while (this.position < this.source.length && isWhitespace(this.source.charCodeAt(this.position))) {
      this.position += 1;
    }
    this.count(this.position - from + 1);
    return this.position - from;
  }

  readName(): string {
    const from = this.position;
    if (!isNameStart(this.source.charCodeAt(from))) throw malformed(`Expected a name at ${from}.`);
    this.position += 1;
    while (this.position < this.source.length && isNameChar(this.source.charCodeAt(this.position))) {
      this.position += 1;
    }
    this.count(this.position - from + 1);
    return this.source.slice(from, this.position);
  }

  /** Moves past the next `terminator` and returns what came before it. */
  readUntil(terminator: string, what: string): string {
    const at = this.source.indexOf(terminator, this.position);
    this.count((at < 0 ? this.source.length : at + terminator.length) - this.position);
    if (at < 0) throw malformed(`Unterminated ${what} from ${this.position}.`);
    const content = this.source.slice(this.position, at);
    this.position = at + terminator.length;
    return content;
  }

  /** Moves to the next `<` (or the end) and returns the text before it, references decoded. */
  readText(): string {
    const from = this.position;
    const next = this.source.indexOf('<', from);
    this.position = next < 0 ? this.source.length : next;
    return this.decode(this.source.slice(from, this.position));
  }

  decode(raw: string): string {
    this.count(raw.length);
    return decodeXmlText(raw);
  }

  expect(char: string): void {
    this.count(1);
    if (this.source[this.position] !== char) throw malformed(`Expected "${char}" at ${this.position}.`);
    this.position += 1;
  }
}

function readAttributes(cursor: Cursor): { attributes: XmlAttribute[]; selfClosing: boolean } {
  const attributes: XmlAttribute[] = [];
  const seen = new Set<string>();
  for (;;) {
    const spaced = cursor.skipWhitespace() > 0;
    const char = cursor.source[cursor.position];
    if (char === '>') {
      cursor.position += 1;
      return { attributes, selfClosing: false };
    }
    if (char === '/') {
      cursor.position += 1;
      cursor.expect('>');
      return { attributes, selfClosing: true };
    }
    if (!spaced) throw malformed(`Expected whitespace before an attribute at ${cursor.position}.`);
    const start = cursor.position;
    const name = cursor.readName();
    if (seen.has(name)) throw malformed(`Duplicate attribute ${name}.`);
    seen.add(name);
    cursor.skipWhitespace();
    cursor.expect('=');
    cursor.skipWhitespace();
    const quote = cursor.source[cursor.position];
    if (quote !== '"' && quote !== "'") throw malformed(`Unquoted value for ${name}.`);
    cursor.position += 1;
    const rawValue = cursor.readUntil(quote, `value of ${name}`);
    cursor.count(rawValue.length);
    if (rawValue.includes('<')) throw malformed(`"<" in the value of ${name}.`);
    attributes.push({ name, value: cursor.decode(rawValue), start, end: cursor.position });
  }
}

/**
 * Tokens of a whole document, checked for well-formedness as they go: one root element,
 * matching end tags, nothing but whitespace, comments and processing instructions around the
 * root. Throws XmlScanError; callers on untrusted input turn that into a result.
 */
export function* scanXml(source: string, meter?: WorkMeter): Generator<XmlToken> {
  const cursor = new Cursor(source, meter);
  const open: string[] = [];
  let rootSeen = false;
  while (cursor.position < source.length) {
    const start = cursor.position;
    // Telling the kinds of token apart looks at a few characters.
    cursor.count(1);
    if (source[start] !== '<') {
      const value = cursor.readText();
      if (open.length === 0) cursor.count(value.length);
      if (open.length === 0 && !isBlank(value)) throw malformed(`Text outside the root element at ${start}.`);
      yield { kind: 'text', start, end: cursor.position, value };
    } else if (source.startsWith('<!--', start)) {
      cursor.position = start + 4;
      cursor.readUntil('-->', 'comment');
      yield { kind: 'comment', start, end: cursor.position };
    } else if (source.startsWith('<![CDATA[', start)) {
      if (open.length === 0) throw malformed(`CDATA outside the root element at ${start}.`);
      cursor.position = start + 9;
      const value = cursor.readUntil(']]>', 'CDATA section');
      yield { kind: 'cdata', start, end: cursor.position, value };
    } else if (source.startsWith('<!', start)) {
      throw new XmlScanError('declaration', `Markup declaration (DOCTYPE, ENTITY, ...) at ${start}.`);
    } else if (source.startsWith('<?', start)) {
      cursor.position = start + 2;
      cursor.readName();
      cursor.readUntil('?>', 'processing instruction');
      yield { kind: 'pi', start, end: cursor.position };
    } else if (source.startsWith('</', start)) {
      cursor.position = start + 2;
      const name = cursor.readName();
      cursor.skipWhitespace();
      cursor.expect('>');
      if (open.at(-1) !== name)
        throw malformed(`End tag ${name} at ${start} does not close ${open.at(-1) ?? 'anything'}.`);
      open.pop();
      yield { kind: 'end', name, start, end: cursor.position, depth: open.length };
    } else {
      cursor.position = start + 1;
      const name = cursor.readName();
      if (open.length === 0 && rootSeen) throw malformed(`A second root element at ${start}.`);
      if (open.length >= MAX_XML_DEPTH)
        throw new XmlScanError('too_deep', `Elements nest deeper than ${MAX_XML_DEPTH}.`);
      rootSeen = true;
      const { attributes, selfClosing } = readAttributes(cursor);
      const depth = open.length;
      if (!selfClosing) open.push(name);
      yield { kind: 'start', name, attributes, selfClosing, start, end: cursor.position, depth };
    }
  }
  if (!rootSeen) throw malformed('No root element.');
  if (open.length > 0) throw malformed(`Element ${open.at(-1)} is never closed.`);
}

const PREDEFINED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);
/** `&#x10FFFF;` is the longest reference XML allows without a DTD. */
const MAX_REFERENCE_LENGTH = 10;

function decodeReference(name: string): string {
  const predefined = PREDEFINED_ENTITIES.get(name);
  if (predefined !== undefined) return predefined;
  const match = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
  const code = match === null ? Number.NaN : Number.parseInt(match[1] ?? match[2]!, match[1] ? 16 : 10);
  // XML 1.0 §4.1 and §2.2 Char: no NUL, no surrogates, nothing above U+10FFFF.
  if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) {
    throw malformed(`Unknown or invalid reference &${name};`);
  }
  return String.fromCodePoint(code);
}

/** Decodes the five predefined entities and character references; anything else is an error. */
function decodeXmlText(raw: string): string {
  let out = '';
  let from = 0;
  for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', from)) {
    const semicolon = raw.indexOf(';', amp + 1);
    if (semicolon < 0 || semicolon - amp > MAX_REFERENCE_LENGTH) throw malformed('A bare "&" in text.');
    out += raw.slice(from, amp) + decodeReference(raw.slice(amp + 1, semicolon));
    from = semicolon + 1;
  }
  return out + raw.slice(from);
}

const ESCAPES: ReadonlyMap<string, string> = new Map(
  [...PREDEFINED_ENTITIES].map(([name, char]) => [char, `&${name};`]),
);

/** Escapes text for an attribute value in double quotes, or for element content. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES.get(char)!);
}

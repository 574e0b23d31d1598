/**
 * Fitting a title into a badge: the largest font size at which it wraps into at most
 * `maxLines` lines no wider than `maxWidth`, with lines balanced so that a two-line title does
 * not leave one word alone. Pure: glyph widths come from a `measure` function at font size 1.
 */
export type Measure = (text: string) => number;

export interface FitOptions {
  readonly maxWidth: number;
  /** Extra space after each character, in the same unit as `maxWidth` (SVG `letter-spacing`). */
  readonly letterSpacing?: number;
  /** Candidate font sizes, largest first. */
  readonly sizes: readonly number[];
  readonly maxLines: number;
  /** Height available for the lines, each `lineHeight` times the font size (default 1.2). */
  readonly maxHeight?: number;
  readonly lineHeight?: number;
}

export interface TextBlock {
  readonly size: number;
  readonly lines: readonly string[];
}

export const ELLIPSIS = '…';

/** Splits a word too long for any line into pieces that fit. */
function breakWord(word: string, width: number, measure: Measure): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of word) {
    if (piece !== '' && measure(piece + char) > width) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  return piece === '' ? pieces : [...pieces, piece];
}

/** Greedy wrapping of words into lines no wider than `width`. */
function wrap(words: readonly string[], width: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words.flatMap((w) => (measure(w) > width ? breakWord(w, width, measure) : [w]))) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && measure(candidate) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  return line === '' ? lines : [...lines, line];
}

/** The narrowest width that still needs no more lines, found by bisection: balanced lines. */
function balance(words: readonly string[], width: number, measure: Measure): string[] {
  const target = wrap(words, width, measure).length;
  let low = Math.max(...words.map(measure), 0);
  let high = width;
  for (let step = 0; step < 16 && high - low > 0.01; step += 1) {
    const middle = (low + high) / 2;
    if (wrap(words, middle, measure).length <= target) high = middle;
    else low = middle;
  }
  return wrap(words, high, measure);
}

function truncate(line: string, width: number, measure: Measure): string {
  let kept = [...line];
  while (kept.length > 0 && measure(`${kept.join('').trimEnd()}${ELLIPSIS}`) > width) kept = kept.slice(0, -1);
  return `${kept.join('').trimEnd()}${ELLIPSIS}`;
}

/** `measure` gives widths at font size 1; this gives them at `size`, letter spacing included. */
function atSize(measure: Measure, size: number, letterSpacing: number): Measure {
  return (text) => measure(text) * size + letterSpacing * [...text].length;
}

/** Punctuation that French sets after a space but must never begin a line: `: ; ! ? »`. */
const CLOSING = /^[:;!?»›%)\]}]+$/u;
/** Punctuation that must never end a line: `« ‹ ( [`. */
const OPENING = /^[«‹([{]+$/u;

/**
 * Words as the lines may break them: a word of closing punctuation is held to the word before
 * it and one of opening punctuation to the word after, by a no-break space (French typography:
 * "Microsoft Certified : Administrateur" never breaks before its colon).
 */
export function wordsOf(text: string): string[] {
  // Only plain spaces separate words: a no-break space (French `titre\u00a0:`) holds its line.
  const words: string[] = [];
  let pendingOpening = '';
  for (const word of text.split(/[ \t\r\n]+/).filter((candidate) => candidate !== '')) {
    if (OPENING.test(word)) {
      pendingOpening += `${word}\u00a0`;
    } else if (CLOSING.test(word) && words.length > 0 && pendingOpening === '') {
      words[words.length - 1] += `\u00a0${word}`;
    } else {
      words.push(pendingOpening + word);
      pendingOpening = '';
    }
  }
  if (pendingOpening !== '') words.push(pendingOpening.trimEnd());
  return words;
}

/**
 * The largest size in `sizes` at which `text` fits `maxLines` lines; when none does, the
 * smallest size with the text cut short by an ellipsis.
 */
export function fitText(text: string, measure: Measure, options: FitOptions): TextBlock {
  const words = wordsOf(text);
  const spacing = options.letterSpacing ?? 0;
  if (words.length === 0) return { size: options.sizes[0] ?? 0, lines: [] };
  const lineHeight = options.lineHeight ?? 1.2;
  for (const size of options.sizes) {
    const sized = atSize(measure, size, spacing);
    const count = wrap(words, options.maxWidth, sized).length;
    if (count <= options.maxLines && count * size * lineHeight <= (options.maxHeight ?? Number.POSITIVE_INFINITY)) {
      return { size, lines: balance(words, options.maxWidth, sized) };
    }
  }
  const size = options.sizes.at(-1) ?? 1;
  const sized = atSize(measure, size, spacing);
  const lines = wrap(words, options.maxWidth, sized).slice(0, options.maxLines);
  const last = lines.length - 1;
  lines[last] = truncate(lines[last]!, options.maxWidth, sized);
  return { size, lines };
}

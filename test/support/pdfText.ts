// Reads back what the service's PDFs say, for tests: a small reader for the PDF that pdfkit
// writes (uncompressed cross-reference, Flate streams, Type0 fonts with a ToUnicode CMap), not
// a general PDF parser.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  readonly dictionary: string;
  readonly stream?: Buffer;
}

export interface PdfContent {
  /** Every text run, page by page, one string per run (a BT … ET block), in drawing order. */
  readonly pages: readonly (readonly string[])[];
  /** Each page's content stream, decompressed, for what is drawn rather than written. */
  readonly drawings: readonly string[];
}

function objectsOf(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  for (const match of text.matchAll(/(\d+) 0 obj\n([\s\S]*?)\nendobj/g)) {
    const body = match[2]!;
    const streamAt = body.indexOf('\nstream\n');
    if (streamAt < 0) {
      objects.set(Number(match[1]), { dictionary: body });
      continue;
    }
    const dictionary = body.slice(0, streamAt);
    const length = Number(/\/Length (\d+)/.exec(dictionary)?.[1]);
    const start = match.index! + match[0].indexOf('\nstream\n') + '\nstream\n'.length;
    const raw = pdf.subarray(start, start + length);
    objects.set(Number(match[1]), {
      dictionary,
      stream: dictionary.includes('/FlateDecode') ? inflateSync(raw) : raw,
    });
  }
  return objects;
}

function reference(dictionary: string, key: string): number | undefined {
  const found = new RegExp(`/${key} (\\d+) 0 R`).exec(dictionary);
  return found ? Number(found[1]) : undefined;
}

/** `<0000> <0034> [<0054> <0068 0069> …]` ranges and `<0001> <0041>` chars: code → text. */
function toUnicode(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const unicode = (hex: string) =>
    String.fromCodePoint(
      ...hex
        .trim()
        .split(/\s+/)
        .map((part) => Number.parseInt(part, 16)),
    );
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const entry of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(\[[^\]]*\]|<[0-9a-f ]+>)/gi)) {
      const first = Number.parseInt(entry[1]!, 16);
      const last = Number.parseInt(entry[2]!, 16);
      const targets = entry[3]!.startsWith('[') ? [...entry[3]!.matchAll(/<([0-9a-f ]+)>/gi)].map((m) => m[1]!) : [];
      for (let code = first; code <= last; code += 1) {
        const key = code.toString(16).padStart(4, '0');
        if (targets.length > 0) map.set(key, unicode(targets[code - first]!));
        else map.set(key, String.fromCodePoint(Number.parseInt(entry[3]!.slice(1, -1), 16) + code - first));
      }
    }
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const entry of block[1]!.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f ]+)>/gi)) {
      map.set(entry[1]!.toLowerCase().padStart(4, '0'), unicode(entry[2]!));
    }
  }
  return map;
}

function fontsOf(objects: Map<number, PdfObject>, page: PdfObject): Map<string, Map<string, string>> {
  const resourcesId = reference(page.dictionary, 'Resources');
  const resources = resourcesId === undefined ? page.dictionary : (objects.get(resourcesId)?.dictionary ?? '');
  const fonts = new Map<string, Map<string, string>>();
  const fontBlock = /\/Font <<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
  for (const [, name, id] of fontBlock.matchAll(/\/(\w+) (\d+) 0 R/g)) {
    const font = objects.get(Number(id))!;
    const cmapId = reference(font.dictionary, 'ToUnicode');
    const cmap = cmapId === undefined ? undefined : objects.get(cmapId)?.stream?.toString('latin1');
    fonts.set(name!, cmap ? toUnicode(cmap) : new Map());
  }
  return fonts;
}

function textRuns(content: string, fonts: Map<string, Map<string, string>>): string[] {
  const runs: string[] = [];
  for (const block of content.matchAll(/\nBT\n([\s\S]*?)\nET/g)) {
    let map = new Map<string, string>();
    let run = '';
    for (const line of block[1]!.split('\n')) {
      const font = /^\/(\w+) [\d.]+ Tf$/.exec(line);
      if (font) map = fonts.get(font[1]!) ?? new Map();
      if (!/T[Jj]$/.test(line)) continue;
      for (const [, hex] of line.matchAll(/<([0-9a-f]*)>/gi)) {
        for (let at = 0; at < hex!.length; at += 4) run += map.get(hex!.slice(at, at + 4).toLowerCase()) ?? '\ufffd';
      }
    }
    runs.push(run);
  }
  return runs;
}

/** The text pdfkit drew on each page, in order, and each page's drawing operators. */
export function readPdf(pdf: Buffer): PdfContent {
  const objects = objectsOf(pdf);
  const root = [...objects.values()].find((object) => /\/Type \/Pages\b/.test(object.dictionary));
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(root?.dictionary ?? '')?.[1] ?? '').matchAll(/(\d+) 0 R/g)];
  const pages: string[][] = [];
  const drawings: string[] = [];
  for (const [, id] of kids) {
    const page = objects.get(Number(id))!;
    const contentId = reference(page.dictionary, 'Contents');
    const content = contentId === undefined ? '' : (objects.get(contentId)?.stream?.toString('latin1') ?? '');
    pages.push(textRuns(`\n${content}`, fontsOf(objects, page)));
    drawings.push(content);
  }
  return { pages, drawings };
}

/** A page's text runs as one string, runs joined by a space (a wrapped line is two runs). */
export function pageText(content: PdfContent, page: number): string {
  return (content.pages[page] ?? []).map((run) => run.trim()).join(' ');
}

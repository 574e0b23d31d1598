import {
  type BakedFormat,
  DEFAULT_MAX_IMAGE_BYTES,
  decodeUtf8,
  type ExtractionLimits,
  extractionFailure,
  type NotFound,
  type SvgExtractionErrorCode,
} from './extraction.js';
import { badgeFormatOf, isActiveAttribute, isScriptElement, NamespaceScopes } from './svgVocabulary.js';
import { scanXml, type WorkMeter, XmlScanError, type XmlScanFailure } from './xmlScanner.js';

export type SvgExtraction =
  | NotFound<SvgExtractionErrorCode>
  | {
      readonly found: true;
      readonly format: BakedFormat;
      /** The `verify` attribute: a compact JWS / VC-JWT, or (old OB 2.0 bakers) a URL. */
      readonly verify?: string;
      /** The element's text (CDATA or escaped): assertion or credential JSON. */
      readonly body?: string;
    };

const SCAN_FAILURES: Readonly<Record<XmlScanFailure, SvgExtractionErrorCode>> = {
  malformed: 'svg_malformed',
  too_deep: 'svg_malformed',
  declaration: 'svg_doctype',
};

interface Match {
  readonly format: BakedFormat;
  readonly depth: number;
  readonly verify: string | undefined;
  readonly body: string[];
  open: boolean;
}

function toResult(match: Match | undefined): SvgExtraction {
  if (match === undefined) return { found: false };
  const body = match.body.join('').trim();
  return {
    found: true,
    format: match.format,
    ...(match.verify ? { verify: match.verify.trim() } : {}),
    ...(body ? { body } : {}),
  };
}

function scan(text: string, meter: WorkMeter | undefined): SvgExtraction {
  const scopes = new NamespaceScopes(meter);
  let match: Match | undefined;
  for (const token of scanXml(text, meter)) {
    if (token.kind === 'start') {
      const name = scopes.enter(token);
      if (meter) meter.steps += token.attributes.length;
      if (token.depth === 0 && name.local !== 'svg') return extractionFailure('svg_not_svg', 'The root is not <svg>.');
      if (isScriptElement(name) || token.attributes.some(isActiveAttribute)) {
        return extractionFailure('svg_active_content', `The SVG carries script (<${token.name}> at ${token.start}).`);
      }
      const format = badgeFormatOf(name);
      if (match !== undefined && format !== undefined) {
        return extractionFailure(
          'svg_several_badges',
          `The SVG holds more than one badge element (<${token.name}> at ${token.start}).`,
        );
      }
      if (format !== undefined) {
        const verify = token.attributes.find((attribute) => attribute.name === 'verify');
        match = {
          format,
          depth: token.depth,
          verify: verify?.value,
          body: [],
          open: !token.selfClosing,
        };
      }
    } else if (token.kind === 'end') {
      scopes.leave();
      if (match?.open && token.depth === match.depth) match.open = false;
    } else if (match?.open && (token.kind === 'text' || token.kind === 'cdata')) {
      match.body.push(token.value);
    }
  }
  return toResult(match);
}

/**
 * Reads the one OB 2.0 `openbadges:assertion` or OB 3.0 `openbadges:credential` element
 * (matched by namespace, whatever the prefix, as VAL3 SvgParser does); a second one refuses the
 * image (`svg_several_badges`), as the first would otherwise hide what a displayer may show. The whole document is
 * scanned, so script anywhere refuses it. Never throws: DOCTYPE/ENTITY, script, oversize and
 * malformed input are results. `meter`, when given, counts the work done (for tests).
 */
export function extractFromSvg(svg: string | Buffer, limits: ExtractionLimits = {}, meter?: WorkMeter): SvgExtraction {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  const size = typeof svg === 'string' ? Buffer.byteLength(svg, 'utf8') : svg.length;
  if (size > maxBytes) return extractionFailure('svg_too_large', `The image is larger than ${maxBytes} bytes.`);
  const text = typeof svg === 'string' ? svg : decodeUtf8(svg);
  if (text === undefined) return extractionFailure('svg_malformed', 'The SVG is not UTF-8.');
  try {
    return scan(text.startsWith('\uFEFF') ? text.slice(1) : text, meter);
  } catch (error) {
    if (error instanceof XmlScanError) return extractionFailure(SCAN_FAILURES[error.reason], error.message);
    return extractionFailure('svg_malformed', 'The SVG could not be read.');
  }
}

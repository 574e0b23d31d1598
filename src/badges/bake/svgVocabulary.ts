import type { BakedFormat } from './extraction.js';
import type { WorkMeter, XmlAttribute, XmlToken } from './xmlScanner.js';

/**
 * Namespaces and element names of baked SVG badges:
 * OB 2.0 `{http://openbadges.org}assertion` (SPEC ob_v2p0/baking §SVG),
 * OB 3.0 `{https://purl.imsglobal.org/ob/v3p0}credential` (SPEC ob_v3p0 §5.3.2).
 * Writers must use the prefix `openbadges` literally (docs/open-badges.md C21).
 */
export const SVG_BADGE_PREFIX = 'openbadges';

export interface SvgBadgeVocabulary {
  readonly namespace: string;
  readonly element: string;
}

export const SVG_BADGE_VOCABULARY: Readonly<Record<BakedFormat, SvgBadgeVocabulary>> = {
  ob2: { namespace: 'http://openbadges.org', element: 'assertion' },
  ob3: { namespace: 'https://purl.imsglobal.org/ob/v3p0', element: 'credential' },
};

export interface ResolvedName {
  readonly prefix: string;
  readonly local: string;
  readonly namespace: string | undefined;
}

function splitName(name: string): { prefix: string; local: string } {
  const colon = name.indexOf(':');
  return colon < 0 ? { prefix: '', local: name } : { prefix: name.slice(0, colon), local: name.slice(colon + 1) };
}

/** Namespaces in XML 1.0 §6.1: declarations apply to the element and its descendants. */
export class NamespaceScopes {
  /**
   * Per prefix, the namespaces bound to it by the open elements, innermost last; per open element,
   * the prefixes it declared. A lookup reads one stack top and an element costs what it declares,
   * where copying every binding in scope into each element would cost, for every element, all the
   * bindings above it (quadratic on hostile input).
   */
  private readonly bindings = new Map<string, string[]>([['xml', ['http://www.w3.org/XML/1998/namespace']]]);
  private readonly declared: string[][] = [];

  constructor(private readonly meter?: WorkMeter) {}

  /** Resolves a start tag's name; call `leave` on its end tag unless it is self-closing. */
  enter(token: Extract<XmlToken, { kind: 'start' }>): ResolvedName {
    const prefixes: string[] = [];
    for (const attribute of token.attributes) {
      // `xmlns` binds the default namespace, kept under the empty prefix; `xmlns:p` binds `p`.
      if (attribute.name !== 'xmlns' && !attribute.name.startsWith('xmlns:')) continue;
      const prefix = attribute.name.slice(6);
      const stack = this.bindings.get(prefix);
      if (stack) stack.push(attribute.value);
      else this.bindings.set(prefix, [attribute.value]);
      prefixes.push(prefix);
    }
    if (this.meter) this.meter.steps += token.attributes.length + 1;
    const { prefix, local } = splitName(token.name);
    const namespace = this.bindings.get(prefix)?.at(-1);
    this.declared.push(prefixes);
    if (token.selfClosing) this.leave();
    return { prefix, local, namespace: namespace === '' ? undefined : namespace };
  }

  leave(): void {
    for (const prefix of this.declared.pop() ?? []) this.bindings.get(prefix)!.pop();
  }
}

/** The badge format an element carries, if it is an OB 2.0 assertion or OB 3.0 credential. */
export function badgeFormatOf(name: ResolvedName): BakedFormat | undefined {
  for (const format of ['ob2', 'ob3'] as const) {
    const vocabulary = SVG_BADGE_VOCABULARY[format];
    if (name.namespace === vocabulary.namespace && name.local === vocabulary.element) return format;
  }
  return undefined;
}

/** Badge markup: an element with the `openbadges` prefix, or in a badge namespace under any prefix. */
export function isBadgeMarkup(name: ResolvedName): boolean {
  return (
    name.prefix === SVG_BADGE_PREFIX ||
    name.namespace === SVG_BADGE_VOCABULARY.ob2.namespace ||
    name.namespace === SVG_BADGE_VOCABULARY.ob3.namespace
  );
}

/** Control characters and spaces browsers ignore inside a URL scheme (`java\tscript:`). */
function compact(value: string): string {
  let out = '';
  for (const char of value) if (char.charCodeAt(0) > 0x20) out += char.toLowerCase();
  return out;
}

/**
 * Attributes that run code when an SVG is displayed: event handlers (`onload`, ...) and
 * `javascript:` / `vbscript:` URLs anywhere (href, xlink:href, style url(...)). BAKERY
 * lib/svg.js strips scripts while baking; we also strip these.
 */
export function isActiveAttribute(attribute: XmlAttribute): boolean {
  if (attribute.name.toLowerCase().startsWith('on')) return true;
  const value = compact(attribute.value);
  return value.includes('javascript:') || value.includes('vbscript:');
}

export function isScriptElement(name: ResolvedName): boolean {
  return name.local.toLowerCase() === 'script';
}

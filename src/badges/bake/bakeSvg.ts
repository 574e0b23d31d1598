import { AccoladeError } from '../../errors.js';
import type { BakedFormat } from './extraction.js';
import {
  isActiveAttribute,
  isBadgeMarkup,
  isScriptElement,
  NamespaceScopes,
  SVG_BADGE_PREFIX,
  SVG_BADGE_VOCABULARY,
} from './svgVocabulary.js';
import { escapeXml, scanXml, type XmlAttribute, XmlScanError, type XmlToken } from './xmlScanner.js';

type StartToken = Extract<XmlToken, { kind: 'start' }>;

interface BadgeMarkup {
  readonly format: BakedFormat;
  readonly markup: string;
}

function startTag(source: string, token: StartToken, attributes: readonly XmlAttribute[], extra = ''): string {
  const written = attributes.map((attribute) => ` ${source.slice(attribute.start, attribute.end)}`).join('');
  return `<${token.name}${written}${extra}${token.selfClosing ? '/>' : '>'}`;
}

function rootTag(source: string, token: StartToken, badge: BadgeMarkup | undefined): string {
  const kept = token.attributes.filter(
    (attribute) =>
      !isActiveAttribute(attribute) && (badge === undefined || attribute.name !== `xmlns:${SVG_BADGE_PREFIX}`),
  );
  if (badge === undefined) return startTag(source, token, kept);
  const declaration = ` xmlns:${SVG_BADGE_PREFIX}="${SVG_BADGE_VOCABULARY[badge.format].namespace}"`;
  const open = startTag(source, { ...token, selfClosing: false }, kept, declaration);
  return `${open}${badge.markup}${token.selfClosing ? `</${token.name}>` : ''}`;
}

/**
 * Copies an SVG, dropping <script> elements, event-handler attributes and `javascript:` URLs
 * (BAKERY lib/svg.js hygiene) and every existing badge element; when `badge` is given, declares
 * the `openbadges` prefix on the root and writes the badge element right after the root's start
 * tag (SPEC ob_v2p0/baking §SVG, ob_v3p0 §5.3.2), so there is only ever one.
 */
function rewriteSvg(svg: string, badge?: BadgeMarkup): string {
  const parts: string[] = [];
  const scopes = new NamespaceScopes();
  let skippedDepth: number | undefined;
  try {
    for (const token of scanXml(svg)) {
      if (token.kind === 'start') {
        const name = scopes.enter(token);
        if (token.depth === 0 && name.local !== 'svg') {
          throw new AccoladeError('validation_failed', 'The root element is not <svg>.', { reason: 'svg_not_svg' });
        }
        if (skippedDepth !== undefined) continue;
        if (isScriptElement(name) || isBadgeMarkup(name)) {
          if (!token.selfClosing) skippedDepth = token.depth;
        } else if (token.depth === 0) {
          parts.push(rootTag(svg, token, badge));
        } else {
          parts.push(
            startTag(
              svg,
              token,
              token.attributes.filter((attribute) => !isActiveAttribute(attribute)),
            ),
          );
        }
      } else if (token.kind === 'end') {
        scopes.leave();
        if (skippedDepth === undefined) parts.push(svg.slice(token.start, token.end));
        else if (token.depth === skippedDepth) skippedDepth = undefined;
      } else if (skippedDepth === undefined) {
        parts.push(svg.slice(token.start, token.end));
      }
    }
  } catch (error) {
    if (!(error instanceof XmlScanError)) throw error;
    throw new AccoladeError('validation_failed', `Cannot use this SVG: ${error.message}`, { reason: error.reason });
  }
  return parts.join('');
}

/**
 * An SVG safe to serve: no scripts, no event handlers, no `javascript:` URLs, no DOCTYPE (it is
 * refused with `validation_failed`, as is anything that is not well-formed XML with an <svg> root).
 */
export function sanitizeSvg(svg: string): string {
  return rewriteSvg(svg);
}

/** CDATA cannot contain `]]>`; close the section there and open a new one (XML 1.0 §2.7). */
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function element(format: BakedFormat, content: { verify: string } | { body: string }): BadgeMarkup {
  const name = `${SVG_BADGE_PREFIX}:${SVG_BADGE_VOCABULARY[format].element}`;
  const markup =
    'verify' in content
      ? `<${name} verify="${escapeXml(content.verify)}"/>`
      : `<${name}>${cdata(content.body)}</${name}>`;
  return { format, markup };
}

/**
 * OB 2.0 hosted: the assertion JSON in CDATA and no `verify` attribute. Readers disagree on hosted
 * SVGs: the bakery VAL2 pins needs `verify`, while later bakeries and VAL3 read any `verify` first
 * and fail on a URL there (docs/open-badges.md C12, C21), so the service bakes its SVGs signed.
 */
export function bakeSvgOb2Hosted(svg: string, assertionJson: string): string {
  return rewriteSvg(svg, element('ob2', { body: assertionJson }));
}

/** OB 2.0 signed: a self-closing `<openbadges:assertion verify="<JWS>"/>` (docs/open-badges.md A6). */
export function bakeSvgOb2Signed(svg: string, jws: string): string {
  return rewriteSvg(svg, element('ob2', { verify: jws }));
}

/** OB 3.0 VC-JWT: `<openbadges:credential verify="<JWT>"/>` with an empty body (docs/open-badges.md B7). */
export function bakeSvgOb3Jwt(svg: string, jwt: string): string {
  return rewriteSvg(svg, element('ob3', { verify: jwt }));
}

/** OB 3.0 embedded proof: no `verify`, the credential JSON in CDATA (docs/open-badges.md B7). */
export function bakeSvgOb3Json(svg: string, credentialJson: string): string {
  return rewriteSvg(svg, element('ob3', { body: credentialJson }));
}

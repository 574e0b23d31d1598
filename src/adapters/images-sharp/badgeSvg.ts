import { escapeXml } from '../../badges/bake/xmlScanner.js';
import type { AchievementImageRequest } from '../../ports/badgeImages.js';
import type { FontMetrics } from './fontMetrics.js';
import { fitText, type TextBlock } from './textLayout.js';

/**
 * The generated achievement image: a hexagonal badge with a metal rim, an emblem, the
 * programme name, the title wrapped over up to three lines and a ribbon naming the kind.
 * A standalone SVG 1.1 document: text is real text (so the served SVG stays accessible and
 * searchable), nothing is fetched, and every inserted string is escaped. Ids carry an `ab-`
 * prefix so the SVG can be inlined in a page without clashing with its ids.
 */
export const BADGE_SIZE = 400;

interface Palette {
  readonly faceTop: string;
  readonly faceBottom: string;
  readonly metal: readonly [string, string, string];
  readonly ink: string;
}

const PALETTES: Readonly<Record<AchievementImageRequest['kind'], Palette>> = {
  certification: {
    faceTop: '#1d4f91',
    faceBottom: '#0c2247',
    metal: ['#f8e58c', '#d8ab30', '#a67812'],
    ink: '#0c2247',
  },
  exam: { faceTop: '#137a83', faceBottom: '#07393f', metal: ['#f4f7f9', '#bcc7cf', '#85939e'], ink: '#07393f' },
};

const KIND_LABELS: Readonly<Record<AchievementImageRequest['lang'], Record<AchievementImageRequest['kind'], string>>> =
  {
    en: { exam: 'Exam', certification: 'Certification' },
    fr: { exam: 'Examen', certification: 'Certification' },
  };

const FONT_FAMILY = "'DejaVu Sans', Verdana, 'Helvetica Neue', Arial, sans-serif";
const CENTER = BADGE_SIZE / 2;
/** The title sits between the programme name's rule (y 148) and the ribbon (y 266). */
const TITLE_HEIGHT = 108;
const TITLE_LINE_HEIGHT = 1.18;

function hexagon(radius: number): string {
  return Array.from({ length: 6 }, (_, i) => {
    const angle = (Math.PI / 3) * i - Math.PI / 2;
    return `${(CENTER + radius * Math.cos(angle)).toFixed(1)},${(CENTER + radius * Math.sin(angle)).toFixed(1)}`;
  }).join(' ');
}

/** The points of a five-pointed star, for a `<polygon>`. */
export function starPoints(cx: number, cy: number, outer: number, inner: number): string {
  return Array.from({ length: 10 }, (_, i) => {
    const radius = i % 2 === 0 ? outer : inner;
    const angle = (Math.PI / 5) * i - Math.PI / 2;
    return `${(cx + radius * Math.cos(angle)).toFixed(1)},${(cy + radius * Math.sin(angle)).toFixed(1)}`;
  }).join(' ');
}

/** A star for certifications, a ticked seal for exams. */
function emblem(kind: AchievementImageRequest['kind'], ink: string): string {
  if (kind === 'certification') return `<polygon points="${starPoints(CENTER, 72, 25, 10.5)}" fill="url(#ab-metal)"/>`;
  return [
    `<circle cx="${CENTER}" cy="72" r="22" fill="url(#ab-metal)"/>`,
    `<path d="M189 72.5l7.5 7.5 14.5-15" fill="none" stroke="${ink}" stroke-width="4.5" stroke-linecap="round" stroke-linejoin="round"/>`,
  ].join('');
}

interface TextStyle {
  readonly fill: string;
  readonly spacing?: number;
  readonly opacity?: number;
}

/** Lines centred on `centerY`, with baselines placed from the font's cap height. */
function textLines(block: TextBlock, centerY: number, lineHeight: number, style: TextStyle): string {
  const step = block.size * lineHeight;
  const top = centerY - (block.lines.length * step) / 2;
  const attributes = [
    `font-family="${FONT_FAMILY}"`,
    `font-size="${block.size}"`,
    'font-weight="bold"',
    `fill="${style.fill}"`,
    'text-anchor="middle"',
    style.spacing ? `letter-spacing="${style.spacing}"` : '',
    style.opacity ? `fill-opacity="${style.opacity}"` : '',
  ].filter((attribute) => attribute !== '');
  const lines = block.lines.map((line, i) => {
    const baseline = top + step * i + step / 2 + block.size * 0.36;
    return `<tspan x="${CENTER}" y="${baseline.toFixed(1)}">${escapeXml(line)}</tspan>`;
  });
  return `<text ${attributes.join(' ')}>${lines.join('')}</text>`;
}

function ribbon(label: string, font: FontMetrics, palette: Palette): string {
  const block = fitText(label, font.width, {
    maxWidth: 270,
    letterSpacing: 3,
    sizes: [18, 16, 14, 12],
    maxLines: 1,
  });
  return [
    '<polygon points="52,278 8,278 22,296 8,314 52,314" fill="url(#ab-metal-dark)"/>',
    '<polygon points="348,278 392,278 378,296 392,314 348,314" fill="url(#ab-metal-dark)"/>',
    '<polygon points="28,304 52,304 52,314" fill="#000" fill-opacity="0.35"/>',
    '<polygon points="372,304 348,304 348,314" fill="#000" fill-opacity="0.35"/>',
    '<rect x="28" y="266" width="344" height="38" fill="url(#ab-metal)"/>',
    '<rect x="28" y="266" width="344" height="38" fill="none" stroke="#000" stroke-opacity="0.12"/>',
    textLines(block, 285, 1, { fill: palette.ink, spacing: 3 }),
  ].join('');
}

export interface BadgeSvgInput {
  readonly request: AchievementImageRequest;
  readonly programmeName: string;
  readonly font: FontMetrics;
}

export function badgeSvg({ request, programmeName, font }: BadgeSvgInput): string {
  const palette = PALETTES[request.kind];
  const label = (request.subtitle ?? KIND_LABELS[request.lang][request.kind]).toLocaleUpperCase(request.lang);
  const programme = fitText(programmeName.toLocaleUpperCase(request.lang), font.width, {
    maxWidth: 236,
    letterSpacing: 1.5,
    sizes: [13, 12, 11],
    maxLines: 2,
  });
  const title = fitText(request.title, font.width, {
    maxWidth: 272,
    sizes: [34, 31, 28, 25, 22, 20, 18],
    maxLines: 3,
    maxHeight: TITLE_HEIGHT,
    lineHeight: TITLE_LINE_HEIGHT,
  });
  const [light, middle, dark] = palette.metal;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${BADGE_SIZE}" height="${BADGE_SIZE}" viewBox="0 0 ${BADGE_SIZE} ${BADGE_SIZE}" role="img" aria-labelledby="ab-title" xml:lang="${request.lang}">`,
    `<title id="ab-title">${escapeXml(`${request.title} (${label.toLocaleLowerCase(request.lang)})`)}</title>`,
    '<defs>',
    `<linearGradient id="ab-face" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${palette.faceTop}"/><stop offset="1" stop-color="${palette.faceBottom}"/></linearGradient>`,
    `<linearGradient id="ab-metal" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${light}"/><stop offset="0.5" stop-color="${middle}"/><stop offset="1" stop-color="${dark}"/></linearGradient>`,
    `<linearGradient id="ab-metal-dark" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${middle}"/><stop offset="1" stop-color="${dark}"/></linearGradient>`,
    '</defs>',
    `<polygon points="${hexagon(190)}" fill="url(#ab-metal)"/>`,
    `<polygon points="${hexagon(177)}" fill="url(#ab-face)"/>`,
    `<polygon points="${hexagon(167)}" fill="none" stroke="#fff" stroke-opacity="0.22" stroke-width="1.5"/>`,
    emblem(request.kind, palette.ink),
    textLines(programme, programme.lines.length > 1 ? 124 : 122, 1.25, {
      fill: light,
      spacing: 1.5,
      opacity: 0.9,
    }),
    `<rect x="165" y="${programme.lines.length > 1 ? 146 : 138}" width="70" height="2" rx="1" fill="url(#ab-metal)"/>`,
    textLines(title, 204, TITLE_LINE_HEIGHT, { fill: '#fff' }),
    ribbon(label, font, palette),
    `<circle cx="182" cy="344" r="3.5" fill="url(#ab-metal)"/><circle cx="200" cy="344" r="3.5" fill="url(#ab-metal)"/><circle cx="218" cy="344" r="3.5" fill="url(#ab-metal)"/>`,
    '</svg>',
  ].join('\n');
}

import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import sharp from 'sharp';
import { sanitizeSvg } from '../../badges/bake/bakeSvg.js';
import { escapeXml } from '../../badges/bake/xmlScanner.js';
import { AccoladeError } from '../../errors.js';
import { BADGE_SIZE } from './badgeSvg.js';

/** Image files the catalog may name for an achievement, relative to the assets directory. */
const RASTER_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp']);
const VECTOR_EXTENSIONS = new Set(['.svg']);
/** A catalog image is a small picture; anything bigger is a mistake in the catalog. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface CatalogImage {
  readonly kind: 'raster' | 'vector';
  readonly path: string;
}

/** Resolves the catalog's path inside the assets directory; `../` cannot leave it. */
export async function locateCatalogImage(assetsDir: string, imageFile: string): Promise<CatalogImage> {
  const root = resolve(assetsDir);
  const path = resolve(root, imageFile);
  const inside = relative(root, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new AccoladeError('validation_failed', `Image file "${imageFile}" is outside the assets directory.`);
  }
  const extension = extname(path).toLowerCase();
  const kind = RASTER_EXTENSIONS.has(extension) ? 'raster' : VECTOR_EXTENSIONS.has(extension) ? 'vector' : undefined;
  if (kind === undefined) {
    throw new AccoladeError('unsupported_media_type', `Image file "${imageFile}" is not PNG, JPEG, WebP or SVG.`);
  }
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new AccoladeError('not_found', `Image file "${imageFile}" does not exist.`);
  if (info.size > MAX_FILE_BYTES) {
    throw new AccoladeError('payload_too_large', `Image file "${imageFile}" is larger than ${MAX_FILE_BYTES} bytes.`);
  }
  return { kind, path };
}

/** Any input image as a 400x400 PNG, letterboxed on transparency so nothing is cropped. */
export async function toBadgePng(input: Buffer | string, density?: number): Promise<Buffer> {
  return sharp(input, density === undefined ? {} : { density })
    .resize(BADGE_SIZE, BADGE_SIZE, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer();
}

/**
 * An SVG rasterised at the density that makes its larger side 400 px, so a small viewBox is
 * drawn sharp rather than scaled up from a few pixels.
 */
export async function rasteriseSvg(svg: string): Promise<Buffer> {
  const input = Buffer.from(svg, 'utf8');
  const { width = BADGE_SIZE, height = BADGE_SIZE } = await sharp(input).metadata();
  const density = Math.min(2400, Math.max(1, (72 * BADGE_SIZE) / Math.max(width, height, 1)));
  return toBadgePng(input, density);
}

/**
 * Design tools write `<!DOCTYPE svg PUBLIC ... "svg11.dtd">` at the top of exported files. That
 * form declares nothing, so it is dropped; a DOCTYPE with an internal subset (`[...]`, where
 * entities live) is kept, and sanitizeSvg refuses the file.
 */
function withoutExternalDoctype(svg: string): string {
  const start = svg.indexOf('<!DOCTYPE');
  if (start < 0) return svg;
  const end = svg.indexOf('>', start);
  if (end < 0 || svg.slice(start, end).includes('[')) return svg;
  return svg.slice(0, start) + svg.slice(end + 1);
}

export async function readCatalogSvg(image: CatalogImage): Promise<string> {
  return sanitizeSvg(withoutExternalDoctype(await readFile(image.path, 'utf8')));
}

/** A raster catalog image inside a standalone SVG: embedded as data, never linked. */
export async function wrapRasterInSvg(image: CatalogImage, title: string): Promise<string> {
  const png = await toBadgePng(image.path);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${BADGE_SIZE}" height="${BADGE_SIZE}" viewBox="0 0 ${BADGE_SIZE} ${BADGE_SIZE}" role="img" aria-labelledby="ab-title">`,
    `<title id="ab-title">${escapeXml(title)}</title>`,
    `<image width="${BADGE_SIZE}" height="${BADGE_SIZE}" xlink:href="data:image/png;base64,${png.toString('base64')}"/>`,
    '</svg>',
  ].join('\n');
}

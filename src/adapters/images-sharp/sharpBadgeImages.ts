import { join } from 'node:path';
import { promiseLru } from '../../lru.js';
import type { AchievementImageRequest, BadgeImages } from '../../ports/badgeImages.js';
import { badgeSvg } from './badgeSvg.js';
import { locateCatalogImage, rasteriseSvg, readCatalogSvg, toBadgePng, wrapRasterInSvg } from './catalogImage.js';
import { loadFontMetrics } from './fontMetrics.js';
import { useShippedFonts } from './shippedFonts.js';

export interface RenderEvent {
  readonly format: 'png' | 'svg';
  readonly request: AchievementImageRequest;
}

export interface SharpBadgeImagesOptions {
  /** The `assets/` directory: fonts under `fonts/`, catalog images by their relative path. */
  readonly assetsDir: string;
  /** Printed above the title, e.g. the issuer's name. */
  readonly programmeName?: string;
  /** Renders kept in memory (PNG and SVG counted apart). */
  readonly cacheSize?: number;
  /** Called on every real render (not on cache hits); for metrics and tests. */
  readonly onRender?: (event: RenderEvent) => void;
}

const DEFAULT_PROGRAMME_NAME = 'Accolade Certification Programme';
const DEFAULT_CACHE_SIZE = 512;

/** Everything that changes the picture; a catalog edit (new title, new file) renders anew. */
function cacheKey(format: RenderEvent['format'], request: AchievementImageRequest): string {
  const { achievementId, lang, kind, title, subtitle, imageFile } = request;
  return JSON.stringify([format, achievementId, lang, kind, title, subtitle ?? null, imageFile ?? null]);
}

/**
 * Achievement images rendered with sharp: the catalog's own image file when it names one,
 * otherwise the generated badge (badgeSvg.ts) rasterised at 400x400.
 */
export function createSharpBadgeImages(options: SharpBadgeImagesOptions): BadgeImages {
  const fontsDir = join(options.assetsDir, 'fonts');
  useShippedFonts(fontsDir);
  // Every text of the generated badge is bold DejaVu Sans, the font shipped in assets/fonts.
  const font = loadFontMetrics(join(fontsDir, 'DejaVuSans-Bold.ttf'));
  const programmeName = options.programmeName ?? DEFAULT_PROGRAMME_NAME;
  const capacity = options.cacheSize ?? DEFAULT_CACHE_SIZE;
  const pngCache = promiseLru<Buffer>(capacity);
  const svgCache = promiseLru<string>(capacity);

  async function renderSvg(request: AchievementImageRequest): Promise<string> {
    options.onRender?.({ format: 'svg', request });
    if (request.imageFile === undefined) return badgeSvg({ request, programmeName, font });
    const image = await locateCatalogImage(options.assetsDir, request.imageFile);
    return image.kind === 'vector' ? readCatalogSvg(image) : wrapRasterInSvg(image, request.title);
  }

  const images: BadgeImages = {
    svg: (request) => svgCache(cacheKey('svg', request), () => renderSvg(request)),
    png: (request) =>
      pngCache(cacheKey('png', request), async () => {
        options.onRender?.({ format: 'png', request });
        if (request.imageFile !== undefined) {
          const image = await locateCatalogImage(options.assetsDir, request.imageFile);
          if (image.kind === 'raster') return toBadgePng(image.path);
        }
        return rasteriseSvg(await images.svg(request));
      }),
  };
  return images;
}

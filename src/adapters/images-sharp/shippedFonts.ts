import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * sharp draws SVG text with librsvg, which finds fonts through fontconfig; on a machine with no
 * font package installed every glyph would come out as an empty box. fontconfig reads
 * FONTCONFIG_FILE once, when text is first rendered in the process, so this must run before
 * that. The shipped fonts.conf includes the system's own configuration when there is one and
 * adds the fonts beside it. An operator's own FONTCONFIG_FILE is left alone.
 */
export function useShippedFonts(fontsDir: string): void {
  if (process.env['FONTCONFIG_FILE'] !== undefined) return;
  const config = join(fontsDir, 'fonts.conf');
  if (existsSync(config)) process.env['FONTCONFIG_FILE'] = config;
}

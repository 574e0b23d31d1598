/**
 * Achievement images: the picture of a badge before anything is baked into it. The sharp
 * adapter renders them; formats and routes only see this port.
 */
export interface AchievementImageRequest {
  readonly achievementId: string;
  /** The achievement's name in the recipient's language. */
  readonly title: string;
  /** Shown on the ribbon, e.g. 'Certification' / 'Examen'; defaults to the kind in `lang`. */
  readonly subtitle?: string;
  readonly kind: 'exam' | 'certification';
  readonly lang: 'en' | 'fr';
  /** An image named by the catalog, as a path relative to the assets directory. */
  readonly imageFile?: string;
}

export interface BadgeImages {
  /** A 400x400 PNG, not yet baked: bake after this, since any re-encode drops baked chunks. */
  png(request: AchievementImageRequest): Promise<Buffer>;
  /** A standalone SVG (no scripts, no external resources), not yet baked. */
  svg(request: AchievementImageRequest): Promise<string>;
}

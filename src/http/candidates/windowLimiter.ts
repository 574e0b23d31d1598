import type { Clock } from '../../ports/clock.js';

/**
 * Counts attempts per key in fixed windows (e.g. sign-in links per address and per IP): `take`
 * answers false once `limit` attempts were made in the current window. Kept in memory: each
 * instance limits what reaches it. The clock is injected, so tests move time instead of waiting.
 */
export function createWindowLimiter(options: { limit: number; windowMs: number; clock: Clock; maxKeys?: number }) {
  const windows = new Map<string, { start: number; count: number }>();
  const maxKeys = options.maxKeys ?? 100_000;
  return {
    take(key: string): boolean {
      const now = options.clock.now().getTime();
      const current = windows.get(key);
      if (current === undefined || now - current.start >= options.windowMs) {
        // Bounded memory: past windows are dropped first, all of them if a flood fills the map.
        if (windows.size >= maxKeys) {
          for (const [other, window] of windows) if (now - window.start >= options.windowMs) windows.delete(other);
          if (windows.size >= maxKeys) windows.clear();
        }
        windows.set(key, { start: now, count: 1 });
        return true;
      }
      if (current.count >= options.limit) return false;
      current.count += 1;
      return true;
    },
  };
}

/**
 * A bounded, least-recently-used cache of renders. It holds promises, so concurrent requests
 * for one key share one render; a failed render is forgotten so the next request retries.
 */
export class RenderCache<Value> {
  private readonly entries = new Map<string, Promise<Value>>();

  constructor(private readonly capacity: number) {}

  get(key: string, render: () => Promise<Value>): Promise<Value> {
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry as most recently used.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const rendering = render();
    this.entries.set(key, rendering);
    rendering.catch(() => {
      if (this.entries.get(key) === rendering) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return rendering;
  }

  get size(): number {
    return this.entries.size;
  }
}

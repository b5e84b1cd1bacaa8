/**
 * A test double of Cloudflare's Rate Limiting binding (`env.X.limit({ key })` → `{ success }`):
 * it allows `allow` calls per key and refuses the rest until `nextWindow()`. It has no clock, so
 * a test that fills a budget can never see a window end halfway (Cloudflare's windows, and
 * Miniflare's, follow the wall clock). It records every key it was asked about.
 */
export interface FakeLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
  /** Every key asked about, in order. */
  readonly calls: string[];
  /** Starts a new window: every key's count goes back to zero. */
  nextWindow(): void;
}

export function fakeLimiter(allow: number): FakeLimiter {
  const calls: string[] = [];
  let counts = new Map<string, number>();
  return {
    calls,
    async limit({ key }) {
      calls.push(key);
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      return { success: count <= allow };
    },
    nextWindow() {
      counts = new Map();
    },
  };
}

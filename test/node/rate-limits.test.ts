/** The limits the code reports (RateLimit-Policy) are the ones wrangler.toml configures. */

import { describe, expect, it } from 'vitest';
import { unstable_readConfig } from 'wrangler';
import { RATE_LIMITS } from '../../src/http/rate-limit-table';

describe('rate limit table', () => {
  it('matches wrangler.toml [[ratelimits]], one namespace per limit', () => {
    // wrangler's published types leave `ratelimits` untyped here; this is its documented shape.
    const ratelimits: Array<{
      name: string;
      namespace_id: string;
      simple: { limit: number; period: number };
    }> = unstable_readConfig({ config: 'wrangler.toml' }).ratelimits;
    const bindings = ratelimits.map((r) => ({
      name: r.name,
      namespace_id: r.namespace_id,
      ...r.simple,
    }));
    expect(
      Object.fromEntries(bindings.map(({ name, limit, period }) => [name, { limit, period }])),
    ).toEqual(
      Object.fromEntries(
        Object.entries(RATE_LIMITS).map(([name, { limit, period }]) => [name, { limit, period }]),
      ),
    );
    expect(new Set(bindings.map((b) => b.namespace_id)).size).toBe(bindings.length);
  });
});

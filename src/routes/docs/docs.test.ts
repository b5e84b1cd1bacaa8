import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call } from '../../../test/api';

describe('docs', () => {
  it('redirects / to /docs', async () => {
    const res = await exports.default.fetch(
      new Request('https://api.test/', { redirect: 'manual' }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/docs');
  });

  it('serves Swagger UI from this origin only, under a strict CSP', async () => {
    const res = await call('/docs');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<div id="swagger-ui"></div>');
    expect(page).toContain('src="/docs/vendor/swagger-ui-bundle.js"');
    expect(page).not.toMatch(/https?:\/\/(?!api\.test)/); // no CDN
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('ships the Swagger UI files as static assets', async () => {
    for (const file of [
      '/docs/vendor/swagger-ui-bundle.js',
      '/docs/vendor/swagger-ui.css',
      '/docs/init.js',
    ]) {
      const res = await env.ASSETS.fetch(`https://api.test${file}`);
      expect(res.status, file).toBe(200);
      expect((await res.text()).length, file).toBeGreaterThan(100);
    }
  });

  it('serves the OpenAPI document as a static asset, relative to whichever server serves it', async () => {
    const res = await env.ASSETS.fetch('https://api.test/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; servers: Array<{ url: string }> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0]?.url).toBe('/');
  });
});

/**
 * The generated OpenAPI document is valid (checked by a real validator), documents every
 * route the app registers (adding a route without documenting it fails here), and is what
 * public/openapi.json serves (a schema changed without `npm run openapi` fails here).
 */
import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { app } from '../../src/app';
import { openApiDocument, openApiText } from '../../src/openapi/document';

// Not API operations: the docs page and its redirect.
const UNDOCUMENTED = new Set(['GET /', 'GET /docs']);

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { security?: unknown[]; responses: Record<string, unknown> }>
  >;
  components: { securitySchemes: Record<string, { type: string; scheme: string }> };
};

async function document(): Promise<Doc> {
  return openApiDocument() as unknown as Doc;
}

describe('OpenAPI document', () => {
  it('is the one public/openapi.json serves (run `npm run openapi` after changing a route)', () => {
    const served = readFileSync(new URL('../../public/openapi.json', import.meta.url), 'utf8');
    expect(served).toBe(openApiText());
  });

  it('passes a real OpenAPI validator', async () => {
    const doc = await document();
    expect(doc.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('the validator does reject a broken 3.1 document (so the check above can fail)', async () => {
    const doc = await document();
    const broken = structuredClone(doc) as Record<string, unknown>;
    (broken.paths as Doc['paths'])['/channels']!.post!.responses = {
      201: { bogus: true },
    } as never;
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow();
  });

  it('documents every route the app registers', async () => {
    const doc = await document();
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    const registered = app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      .filter((route) => !UNDOCUMENTED.has(route));
    expect(registered.length).toBeGreaterThan(15);
    expect([...new Set(registered)].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !registered.includes(r))).toEqual([]);
  });

  it('marks every route but register, login, refresh, the mailed-token routes and health as bearer-protected, and Stream’s as signed', async () => {
    const doc = await document();
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const open = [
      'POST /auth/register',
      'POST /auth/login',
      'POST /auth/refresh',
      // The token in the body is the credential (a mailed link, opened on any device).
      'POST /auth/verify-email',
      'POST /auth/password/forgot',
      'POST /auth/password/reset',
      'GET /health',
    ];
    const signed = ['POST /webhooks/stream', 'POST /webhooks/stream/before-send'];
    expect(doc.components.securitySchemes.streamSignature).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-Signature',
    });
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const id = `${method.toUpperCase()} ${path}`;
        const expected = open.includes(id)
          ? []
          : signed.includes(id)
            ? [{ streamSignature: [] }]
            : [{ bearerAuth: [] }];
        expect(op.security ?? [], id).toEqual(expected);
      }
    }
  });

  it('documents the error envelope and the statuses each route can answer', async () => {
    const doc = await document();
    const create = doc.paths['/channels']?.post;
    expect(Object.keys(create?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '409', '502', '503', '504']),
    );
    expect(JSON.stringify(create?.responses['400'])).toContain('#/components/schemas/Error');
  });

  it("carries the design document's examples", async () => {
    const doc = JSON.stringify(await document());
    expect(doc).toContain('Ekemini Samuel');
    expect(doc).toContain('EkeminiOS channel for the team');
    expect(doc).toContain('Hello EkeminiOS!');
  });
});

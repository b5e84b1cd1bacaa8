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

/** A JSON Schema node as the document writes it (the parts the description check reads). */
interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
}

type SchemaDoc = {
  paths: Record<
    string,
    Record<
      string,
      { responses: Record<string, { content?: Record<string, { schema?: SchemaNode }> }> }
    >
  >;
  components: { schemas: Record<string, SchemaNode> };
};

/**
 * Every property of a response body (at any depth, through $refs, arrays and unions) that says
 * nothing about itself: no `description`, and not a $ref (alone or beside null) to a described
 * schema. Named `Component.path` inside a named schema, `METHOD /path status.path` otherwise.
 */
function undescribedResponseFields(document: Doc): string[] {
  const doc = document as unknown as SchemaDoc;
  const component = (ref: string) => {
    const name = ref.replace('#/components/schemas/', '');
    return { name, node: doc.components.schemas[name] };
  };
  const described = (node: SchemaNode): boolean =>
    Boolean(node.description) ||
    (node.$ref !== undefined && Boolean(component(node.$ref).node?.description)) ||
    [node.anyOf, node.oneOf].some(
      (members) =>
        members?.some((m) => m.$ref !== undefined) === true &&
        members.every((m) => m.type === 'null' || described(m)),
    );
  const missing = new Set<string>();
  const visited = new Set<string>();
  const walk = (node: SchemaNode | undefined, where: string): void => {
    if (!node) return;
    if (node.$ref) {
      const { name, node: target } = component(node.$ref);
      if (visited.has(name)) return;
      visited.add(name);
      walk(target, name);
      return;
    }
    for (const [key, property] of Object.entries(node.properties ?? {})) {
      if (!described(property)) missing.add(`${where}.${key}`);
      walk(property, `${where}.${key}`);
    }
    if (node.items) walk(node.items, `${where}[]`);
    if (typeof node.additionalProperties === 'object')
      walk(node.additionalProperties, `${where}{}`);
    for (const member of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) {
      walk(member, where);
    }
  };
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      for (const [status, response] of Object.entries(op.responses)) {
        for (const content of Object.values(response.content ?? {})) {
          walk(content.schema, `${method.toUpperCase()} ${path} ${status}`);
        }
      }
    }
  }
  return [...missing];
}

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

  it('describes every field of every response body', async () => {
    const missing = undescribedResponseFields(await document());
    expect(missing).toEqual([]);
  });

  it('the description check finds a field without one (so the check above can fail)', async () => {
    const doc = structuredClone(await document()) as unknown as SchemaDoc;
    const channel = doc.components.schemas.Channel as SchemaNode;
    channel.properties!.name = { type: 'string' };
    expect(undescribedResponseFields(doc as unknown as Doc)).toEqual(['Channel.name']);
  });

  it('explains the Stream side: stream_id, the channel type, baseURL and the tokenProvider', async () => {
    const doc = (await document()) as unknown as {
      info: { description: string };
      tags: Array<{ name: string; description?: string }>;
    };
    const intro = doc.info.description;
    for (const needed of [
      'Stream channel id',
      "client.channel('messaging', stream_id)",
      'baseURL',
      'http://127.0.0.1:3030',
      'tokenProvider',
      'GET /stream/token',
      'connectUser({ id: first.user_id }, async () => (await streamToken()).token)',
    ]) {
      expect(intro, needed).toContain(needed);
    }
    expect(doc.tags.find((t) => t.name === 'Stream')?.description).toContain('`messaging`');
    const channel = (doc as unknown as SchemaDoc).components.schemas.Channel;
    expect(channel?.properties?.stream_id?.description).toContain('Stream channel id');
  });

  it("carries the design document's examples", async () => {
    const doc = JSON.stringify(await document());
    expect(doc).toContain('Ekemini Samuel');
    expect(doc).toContain('EkeminiOS channel for the team');
    expect(doc).toContain('Hello EkeminiOS!');
  });
});

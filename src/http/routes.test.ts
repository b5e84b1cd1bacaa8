/**
 * The route wiring (routes.ts): a route's schemas are built on its first request, once, and the
 * lazily wired validators answer exactly as eagerly wired ones did.
 */

import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createApp } from './create-app';
import { defineRoute, isBuilt } from './routes';

function counted() {
  const builds = { request: 0, responses: 0 };
  const route = defineRoute({
    method: 'post',
    path: '/things/{id}',
    request: () => {
      builds.request++;
      return {
        params: z.object({ id: z.uuid() }),
        body: {
          required: true,
          content: { 'application/json': { schema: z.object({ name: z.string().min(1) }) } },
        },
      };
    },
    responses: () => {
      builds.responses++;
      return { 201: { description: 'Made' } };
    },
  });
  const app = createApp().openapi(route, (c) =>
    c.json({ id: c.req.valid('param').id, name: c.req.valid('json').name }, 201),
  );
  return { app, route, builds };
}

const ID = '3f6c1de2-3c1e-4d59-9c2e-5d1f3a0f2b11';
const post = (app: ReturnType<typeof counted>['app'], id: string, body: unknown) =>
  app.request(`/things/${id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('route wiring', () => {
  it("builds a route's request schemas on its first request, once, and never its responses", async () => {
    const { app, route, builds } = counted();
    expect(builds).toEqual({ request: 0, responses: 0 });
    expect(isBuilt(route, 'request')).toBe(false);

    const first = await post(app, ID, { name: 'a' });
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ id: ID, name: 'a' });
    expect(isBuilt(route, 'request')).toBe(true);

    expect((await post(app, ID, { name: 'b' })).status).toBe(201);
    expect(builds).toEqual({ request: 1, responses: 0 });
  });

  it('answers invalid input with the error envelope, as eagerly wired validators did', async () => {
    const { app } = counted();
    const badParam = await post(app, 'not-a-uuid', { name: 'a' });
    expect(badParam.status).toBe(400);
    expect(await badParam.json()).toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'param.id' }],
    });
    const badBody = await post(app, ID, { name: '' });
    expect(badBody.status).toBe(400);
    expect(await badBody.json()).toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'body.name' }],
    });
    const notJson = await app.request(`/things/${ID}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'name=a',
    });
    expect(notJson.status).toBe(415);
  });
});

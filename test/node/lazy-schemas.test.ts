/**
 * Route schemas are built on first use (src/http/routes.ts), not when the Worker starts: importing
 * the app, which is what an isolate's startup does, builds none of them. The document build reads
 * every route and so builds them all (and would fail on one the router could not wire).
 */
import { describe, expect, it } from 'vitest';
import { app } from '../../src/app';
import { declaredRoutes, isBuilt } from '../../src/http/routes';
import { openApiDocument } from '../../src/openapi/document';

describe('route schemas', () => {
  it('are not built when the app is imported', () => {
    expect(app.routes.length).toBeGreaterThan(30);
    expect(declaredRoutes.length).toBeGreaterThan(30);
    const built = declaredRoutes
      .flatMap((route) => [
        ...('request' in route ? [[route, 'request'] as const] : []),
        [route, 'responses'] as const,
      ])
      .filter(([route, key]) => isBuilt(route, key))
      .map(([route, key]) => `${route.method} ${route.path} ${key}`);
    expect(built).toEqual([]);
  });

  it('are built, every one, by the document build', () => {
    openApiDocument();
    const unbuilt = declaredRoutes.filter(
      (route) => !isBuilt(route, 'responses') || ('request' in route && !isBuilt(route, 'request')),
    );
    expect(unbuilt).toEqual([]);
  });
});

/**
 * Routes are declared once, as data (`defineRoute`: method, path, request schemas, responses),
 * and mounted here with their validators. The OpenAPI document is generated from the same
 * declarations at build time (`npm run openapi` → public/openapi.json, src/openapi/document.ts),
 * so the Worker carries the checks but not the document generator: @hono/zod-openapi and
 * zod-to-openapi would add their own script and keep every zod export in the bundle (sizes in
 * docs/decisions.md, "OpenAPI").
 *
 * The wiring is what @hono/zod-openapi's `OpenAPIHono.openapi` does at runtime (validators for
 * query, path params, headers and a JSON body, in that order, after the route's middleware), and
 * the router is typed as an OpenAPIHono (a type-only import), so handlers, `c.req.valid` and
 * hono/client infer the types OpenAPIHono would give them.
 *
 * A route's schemas are built on its first request, not when the isolate starts: a declaration
 * gives `request` and `responses` as functions (and shared schemas are `lazySchema`s). Building
 * all of them at startup would be a large share of the Worker's startup time (docs/decisions.md,
 * "OpenAPI"), and an isolate usually serves a few routes; response schemas, which only the
 * document reads, are never built in the Worker at all.
 */
import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import { zValidator } from '@hono/zod-validator';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { Hono } from 'hono';
import { every } from 'hono/combine';
import type { ZodType } from 'zod';
import type { $ZodError } from 'zod/v4/core';
import { ApiError, type FieldProblem } from '../core/errors';
import type { AppEnv } from './types';

/**
 * A router for one resource. Only `openapi(route, handler)` is added to Hono at runtime; the
 * document methods of OpenAPIHono's type (`doc`, `getOpenAPIDocument`, …) do not exist here.
 */
export type ApiRouter = OpenAPIHono<AppEnv>;

/** Every route mounted with `openapi()`, in order: what the OpenAPI document describes. */
export const declaredRoutes: RouteConfig[] = [];

type Built = 'request' | 'responses';

/** A route as declared: its schemas come from functions, called on first use. */
type RouteDeclaration = Omit<RouteConfig, Built> & {
  request?: () => NonNullable<RouteConfig['request']>;
  responses: () => RouteConfig['responses'];
};

/** The declared route as a RouteConfig: each schema function replaced by what it returns. */
type DeclaredRoute<D extends RouteDeclaration> = {
  [K in keyof D]: K extends Built ? (D[K] extends () => infer T ? T : never) : D[K];
};

/**
 * Declares a route (typed like @hono/zod-openapi's `createRoute`, which this replaces). `request`
 * and `responses` are built when first read, once.
 */
export function defineRoute<const D extends RouteDeclaration>(declared: D): DeclaredRoute<D> {
  const route: Record<string, unknown> = { ...declared };
  for (const key of ['request', 'responses'] as const) {
    const build = declared[key];
    if (!build) continue;
    Object.defineProperty(route, key, {
      enumerable: true,
      configurable: true,
      // Replaced by its value when first read (isBuilt tells which it is).
      get() {
        const value = build();
        Object.defineProperty(route, key, { value, enumerable: true });
        return value;
      },
    });
  }
  return route as DeclaredRoute<D>;
}

/** Whether a declared route's `request` or `responses` has been built yet. */
export const isBuilt = (route: RouteConfig, key: Built) =>
  !Object.getOwnPropertyDescriptor(route, key)?.get;

/** A schema shared by several routes, built when one of them first needs it. */
export function lazySchema<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

/** `/channels/{stream_id}` (OpenAPI) → `/channels/:stream_id` (Hono). */
export const routingPath = (path: string) => path.replaceAll(/\/{(.+?)}/g, '/:$1');

export function fieldProblems(error: Pick<$ZodError, 'issues'>, target: string): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: [target, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

const NOT_JSON = () =>
  new ApiError(
    415,
    'unsupported_media_type',
    'Send the request body as JSON with Content-Type: application/json',
  );

/** Shared zod hook: invalid input becomes a 400 with per-field details. */
function validationHook(
  result: { target: string } & ({ success: true } | { success: false; error: $ZodError }),
  c: Context<AppEnv>,
): void {
  if (result.success) return;
  const target = result.target === 'json' ? 'body' : result.target;
  if (result.target === 'json' && !JSON_TYPE.test(c.req.header('content-type') ?? '')) {
    throw NOT_JSON();
  }
  throw new ApiError(
    400,
    'validation_failed',
    'The request is invalid; see details',
    fieldProblems(result.error, target),
  );
}

const JSON_TYPE = /^application\/([\w.-]+\+)?json/i;

/** A body that is not declared JSON is refused before it is parsed (as OpenAPIHono does). */
async function jsonOnly(c: Context<AppEnv>, next: Next) {
  const type = c.req.header('content-type');
  if (type ? !JSON_TYPE.test(type) : await hasBody(c.req.raw)) throw NOT_JSON();
  await next();
}

async function hasBody(request: Request): Promise<boolean> {
  if (request.body === null) return false;
  const reader = request.clone().body?.getReader();
  if (!reader) return false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      if (value.byteLength > 0) return true;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** The route's validators (throws when a declaration asks for wiring that does not exist). */
export function validators(request: RouteConfig['request']): MiddlewareHandler[] {
  if (!request) return [];
  const mounted: MiddlewareHandler[] = [];
  if (request.query) mounted.push(zValidator('query', request.query, validationHook));
  if (request.params) mounted.push(zValidator('param', request.params, validationHook));
  if (request.headers) {
    if (!('safeParse' in request.headers)) throw new Error('Declare headers as one zod object');
    mounted.push(zValidator('header', request.headers, validationHook));
  }
  const content = request.body?.content;
  if (content) {
    const json = content['application/json'];
    const schema = json && 'schema' in json ? (json.schema as ZodType) : undefined;
    if (!schema || Object.keys(content).length !== 1 || !request.body?.required) {
      throw new Error('Only required JSON bodies are wired (src/http/routes.ts)');
    }
    mounted.push(jsonOnly, zValidator('json', schema, validationHook));
  }
  return mounted;
}

/** Validates as `validators(route.request)`, building them (and so the schemas) on first use. */
function validateOnFirstUse(route: RouteConfig): MiddlewareHandler[] {
  if (!('request' in route)) return [];
  let validate: MiddlewareHandler | undefined;
  return [
    (c, next) => {
      validate ??= every(...validators(route.request));
      return validate(c, next);
    },
  ];
}

export function createRouter(): ApiRouter {
  const router = new Hono<AppEnv>();
  // Reads the route's fields one by one: `request` and `responses` stay unbuilt.
  const openapi = (route: RouteConfig, handler: MiddlewareHandler) => {
    if (!route.hide) declaredRoutes.push(route);
    const before = route.middleware ? [route.middleware].flat() : [];
    router.on(
      [route.method.toUpperCase()],
      [routingPath(route.path)],
      ...before,
      ...validateOnFirstUse(route),
      handler,
    );
    return router;
  };
  // The cast gives the router OpenAPIHono's route typing (see ApiRouter); `openapi` above is
  // the whole of what it adds at runtime.
  return Object.assign(router, { openapi }) as unknown as ApiRouter;
}

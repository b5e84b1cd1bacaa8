/**
 * Routes are declared once, as data (`defineRoute`: method, path, request schemas, responses),
 * and mounted here with their validators. The OpenAPI document is generated from the same
 * declarations at build time (`npm run openapi` → public/openapi.json, src/openapi/document.ts),
 * so the Worker carries the checks but not the document generator: @hono/zod-openapi and
 * zod-to-openapi (36 KiB of script), which also re-exported zod's whole namespace and so kept
 * every zod export in the bundle. Without them, 25 KiB gzip less (docs/performance.md).
 *
 * The wiring is what @hono/zod-openapi's `OpenAPIHono.openapi` does at runtime (validators for
 * query, path params, headers and a JSON body, in that order, after the route's middleware), and
 * the router is typed as an OpenAPIHono (a type-only import), so handlers, `c.req.valid` and
 * hono/client infer exactly as before.
 */
import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import { zValidator } from '@hono/zod-validator';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { Hono } from 'hono';
import type { ZodType } from 'zod';
import type { $ZodError } from 'zod/v4/core';
import { ApiError, type FieldProblem } from './errors';
import type { AppEnv } from './types';

/**
 * A router for one resource. Only `openapi(route, handler)` is added to Hono at runtime; the
 * document methods of OpenAPIHono's type (`doc`, `getOpenAPIDocument`, …) do not exist here.
 */
export type ApiRouter = OpenAPIHono<AppEnv>;

/** Every route mounted with `openapi()`, in order: what the OpenAPI document describes. */
export const declaredRoutes: RouteConfig[] = [];

/** Declares a route (typed like @hono/zod-openapi's `createRoute`, which this replaces). */
export const defineRoute = <const R extends RouteConfig>(route: R): R => route;

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

function validators(request: RouteConfig['request']): MiddlewareHandler[] {
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
      throw new Error('Only required JSON bodies are wired (src/lib/routes.ts)');
    }
    mounted.push(jsonOnly, zValidator('json', schema, validationHook));
  }
  return mounted;
}

export function createRouter(): ApiRouter {
  const router = new Hono<AppEnv>();
  const openapi = ({ middleware, hide, ...route }: RouteConfig, handler: MiddlewareHandler) => {
    if (!hide) declaredRoutes.push(route);
    const before = middleware ? [middleware].flat() : [];
    router.on(
      [route.method.toUpperCase()],
      [routingPath(route.path)],
      ...before,
      ...validators(route.request),
      handler,
    );
    return router;
  };
  // The cast gives the router OpenAPIHono's route typing (see ApiRouter); `openapi` above is
  // the whole of what it adds at runtime.
  return Object.assign(router, { openapi }) as unknown as ApiRouter;
}

/**
 * The stand-in's HTTP surface (Hono, served by @hono/node-server):
 * - `POST /sql`: Neon's SQL-over-HTTP endpoint, checks in Neon's order — connection string, option
 *   headers, body size, body shape — then fault injection, then the query;
 * - `OPTIONS /sql`: Neon's CORS preflight;
 * - `/__control/faults` and `GET /__control/health`: local-only test controls;
 * - anything else: 400 with the JSON string "query is not supported", as Neon answers.
 */
import { randomUUID } from 'node:crypto';
import type { HttpBindings } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type FaultInjector, type FaultRule, faultControlRoutes } from '../faults';
import { parseNeonConnectionString } from './connection-string';
import type { Engine } from './engine';
import { emptyErrorBody, toNeonError } from './errors';
import { executeBatch, executeSingle } from './execute';
import { parsePayload, parseRequestOptions, readBodyWithLimit } from './request';

export interface NeonAppOptions {
  engine: Engine;
  faults: FaultInjector;
  maxRequestBytes: number;
  maxResponseBytes: number;
  log: (line: string) => void;
}

/** `op` (query | batch) and a dropped connection's note end up in the request log line. */
type AppEnv = { Bindings: HttpBindings; Variables: { op: string } };

const CORS_PREFLIGHT_HEADERS = {
  Allow: 'OPTIONS, POST',
  'Access-Control-Allow-Origin': '*',
  // Neon's list, plus Neon-Batch-Deferrable, which Neon omits although the driver sends it.
  'Access-Control-Allow-Headers':
    'Authorization, Neon-Connection-String, Neon-Raw-Text-Output, Neon-Array-Mode, ' +
    'Neon-Pool-Opt-In, Neon-Batch-Read-Only, Neon-Batch-Isolation-Level, Neon-Batch-Deferrable',
  'Access-Control-Max-Age': '86400',
};

export function createNeonApp(options: NeonAppOptions): Hono<AppEnv> {
  const { engine, faults, log } = options;
  const app = new Hono<AppEnv>();

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const op = c.get('op');
    const ms = (performance.now() - started).toFixed(1);
    log(`[neon] ${c.req.method} ${c.req.path}${op ? ` ${op}` : ''} -> ${c.res.status} ${ms}ms`);
  });

  app.route('/__control/faults', faultControlRoutes(faults));
  app.get('/__control/health', (c) => c.json({ ok: true, engine: engine.name }));

  app.options('/sql', (c) => c.body(null, 200, CORS_PREFLIGHT_HEADERS));

  app.post('/sql', async (c) => {
    c.header('Neon-Request-Id', randomUUID());
    c.header('Access-Control-Allow-Origin', '*');
    try {
      parseNeonConnectionString(c.req.header('Neon-Connection-String'));
      const requestOptions = parseRequestOptions((name) => c.req.header(name));
      const body = await readBodyWithLimit(c.req.raw, options.maxRequestBytes);
      const payload = parsePayload(body);

      const op = payload.kind === 'single' ? 'query' : 'batch';
      c.set('op', op);
      const outcome = await faults.apply(op);
      if (outcome.kind === 'drop') {
        c.set('op', `${op} (connection dropped by fault rule ${outcome.rule.id})`);
        return dropConnection(c);
      }
      if (outcome.kind === 'fail') {
        c.set('op', `${op} (fault rule ${outcome.rule.id})`);
        return faultResponse(c, outcome.rule);
      }

      if (payload.kind === 'single') {
        const json = await executeSingle(
          engine,
          payload.item,
          requestOptions,
          options.maxResponseBytes,
        );
        return c.body(json, 200, { 'Content-Type': 'application/json' });
      }
      const json = await executeBatch(
        engine,
        payload.items,
        requestOptions,
        options.maxResponseBytes,
      );
      // Neon echoes the truthy transaction headers of a successful batch.
      if (requestOptions.isolationLevel) {
        c.header('Neon-Batch-Isolation-Level', requestOptions.isolationLevel);
      }
      if (requestOptions.readOnly) c.header('Neon-Batch-Read-Only', 'true');
      if (requestOptions.deferrable) c.header('Neon-Batch-Deferrable', 'true');
      return c.body(json, 200, { 'Content-Type': 'application/json' });
    } catch (err) {
      const { status, body } = toNeonError(err);
      // 507 is the caller's oversized result; other 5xx mean trouble here or in the engine.
      if (status >= 500 && status !== 507)
        log(`[neon] internal error: ${err instanceof Error ? err.stack : err}`);
      return c.json(body, status as ContentfulStatusCode);
    }
  });

  app.notFound((c) => c.json('query is not supported', 400));

  app.onError((err, c) => {
    log(`[neon] unhandled error: ${err.stack ?? err.message}`);
    const { status, body } = toNeonError(err);
    return c.json(body, status as ContentfulStatusCode);
  });

  return app;
}

/**
 * A failing fault rule. For 400 the driver parses the JSON into a NeonDbError, so send Neon's error
 * shape with an SQLSTATE (08006 connection_failure unless the rule names one). Any other status
 * makes the driver throw "Server error (HTTP status N): <body>"; the body is the JSON error Neon's
 * proxy sends for its own failures (code "").
 */
function faultResponse(c: Context<AppEnv>, rule: FaultRule): Response {
  const status = (rule.status ?? 500) as ContentfulStatusCode;
  if (status === 400) {
    const body = emptyErrorBody(rule.message ?? 'connection failure (injected fault)');
    body.code = rule.code === undefined ? '08006' : String(rule.code);
    body.severity = 'ERROR';
    return c.json(body, 400);
  }
  const body = emptyErrorBody(rule.message ?? `injected fault: HTTP ${status}`);
  if (rule.code !== undefined) body.code = String(rule.code);
  return c.json(body, status);
}

/**
 * A dropped connection: the client's fetch rejects, and the driver throws
 * "Error connecting to database: …". Needs the Node server's socket (c.env.incoming).
 */
function dropConnection(c: Context<AppEnv>): Response {
  const socket = c.env?.incoming?.socket;
  if (!socket) throw new Error('drop faults need the Node HTTP server (no socket to destroy)');
  socket.destroy();
  return new Response(null, { status: 204 });
}

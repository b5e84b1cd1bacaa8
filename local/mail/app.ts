/**
 * The mail stand-in's routes:
 * - `POST /emails`: Resend's send call (https://resend.com/docs/api-reference/emails/send-email):
 *   the same Bearer key check (401 missing_api_key, 403 invalid_api_key), the same validation
 *   errors, and `Idempotency-Key` (a retry with the same key and payload answers the first id
 *   and stores nothing; another payload is 409 invalid_idempotent_request). Answers `{id}`.
 * - `GET /`: the inbox page for people (`?to=` filters).
 * - `GET /__control/messages?to=<address>`: the messages as JSON, newest first;
 *   `DELETE /__control/messages` empties the mailbox.
 * - `/__control/faults` (operation `SendEmail`) and `GET /__control/health`.
 */
import type { HttpBindings } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { type FaultInjector, type FaultRule, faultControlRoutes } from '../faults';
import { resendError } from './errors';
import { inboxPage } from './inbox';
import type { MailStore } from './store';
import { validateSend } from './validate';

export interface MailAppOptions {
  apiKey: string;
  store: MailStore;
  faults: FaultInjector;
  log: (line: string) => void;
}

type AppEnv = { Bindings: HttpBindings };

export function createMailApp({ apiKey, store, faults, log }: MailAppOptions) {
  const app = new Hono<AppEnv>();

  app.route('/__control/faults', faultControlRoutes(faults));
  app.get('/__control/health', (c) => c.json({ ok: true, messages: store.list().length }));
  app.get('/__control/messages', (c) => c.json({ messages: store.list(c.req.query('to')) }));
  app.delete('/__control/messages', (c) => {
    store.clear();
    return c.body(null, 204);
  });
  app.get('/', (c) => {
    const to = c.req.query('to') || undefined;
    return c.html(inboxPage(store.list(to), to));
  });

  app.post('/emails', async (c) => {
    const auth = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(auth);
    if (!match) {
      return resendError(
        c,
        401,
        'missing_api_key',
        'Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY',
      );
    }
    if (match[1]!.trim() !== apiKey)
      return resendError(c, 403, 'invalid_api_key', 'API key is invalid');

    const outcome = await faults.apply('SendEmail');
    if (outcome.kind === 'drop') return dropConnection(c);
    if (outcome.kind === 'fail') return faultResponse(c, outcome.rule);

    const body: unknown = await c.req.json().catch(() => undefined);
    const checked = validateSend(body);
    if (!checked.ok) return resendError(c, 422, checked.name, checked.message);

    const key = c.req.header('idempotency-key');
    if (key !== undefined && (key.length < 1 || key.length > 256)) {
      return resendError(c, 400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.');
    }
    const payload = JSON.stringify(checked.input);
    if (key !== undefined) {
      const earlier = store.replay(key, payload);
      if (earlier === 'conflict') {
        return resendError(
          c,
          409,
          'invalid_idempotent_request',
          'Same idempotency key used with a different request payload.',
        );
      }
      if (earlier) return c.json({ id: earlier.id }, 200);
    }
    const stored = store.add(checked.input, key === undefined ? undefined : { key, payload });
    log(`[mail] ${stored.subject} → ${stored.to.join(', ')}`);
    return c.json({ id: stored.id }, 200);
  });

  app.notFound((c) => resendError(c, 404, 'not_found', 'The requested endpoint does not exist.'));
  return app;
}

function faultResponse(c: Context, rule: FaultRule) {
  const status = rule.status ?? 500;
  return c.json(
    {
      statusCode: status,
      name: String(rule.code ?? 'application_error'),
      message: rule.message ?? 'An unexpected error occurred (injected fault).',
    },
    status as 500,
  );
}

/** A dropped connection: the client's fetch rejects. Needs the Node server's socket. */
function dropConnection(c: Context<AppEnv>): Response {
  const socket = c.env?.incoming?.socket;
  if (!socket) throw new Error('drop faults need the Node HTTP server (no socket to destroy)');
  socket.destroy();
  return new Response(null, { status: 204 });
}

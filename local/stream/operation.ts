/**
 * The per-route middleware that makes a path one of Stream's operations: it names the
 * operation (for error messages and fault rules), applies injected faults, then
 * authenticates.
 *
 * Faults run before authentication on purpose: they stand for failures in front of or
 * inside Stream (an outage, a dropped connection, a slow edge), which do not depend on the
 * caller's credentials. A `fail` or `drop` outcome returns before the handler, so the
 * operation is never applied; latency alone delays the call, which then runs normally —
 * like a slow Stream that still does the work after the client gave up waiting.
 */
import type { MiddlewareHandler } from 'hono';
import type { FaultInjector, FaultRule } from '../faults';
import { USER_TOKEN_OPERATIONS } from './actions';
import { authenticate, type Credentials } from './auth';
import type { StreamEnv } from './env';
import { defaultCodeForStatus, StreamError } from './errors';
import { userTokenNotSupported } from './permissions';
import { withOrigin } from './request-origin';

export interface OperationDeps extends Credentials {
  faults: FaultInjector;
}

function faultError(rule: FaultRule): StreamError {
  const status = rule.status ?? 500;
  const numeric = typeof rule.code === 'string' ? Number(rule.code) : rule.code;
  const code =
    numeric !== undefined && Number.isInteger(numeric) ? numeric : defaultCodeForStatus(status);
  return new StreamError(status, code, rule.message ?? 'injected fault');
}

export function operation(name: string, deps: OperationDeps): MiddlewareHandler<StreamEnv> {
  return async (c, next) => {
    c.set('op', name);
    const outcome = await deps.faults.apply(name);
    if (outcome.kind === 'drop') {
      // A network failure as the client sees it: the socket closes with no response.
      c.env?.incoming?.socket?.destroy();
      return c.body(null, 502);
    }
    if (outcome.kind === 'fail') throw faultError(outcome.rule);

    const auth = await authenticate(c, deps);
    if (auth.kind === 'user' && !Object.hasOwn(USER_TOKEN_OPERATIONS, name)) {
      throw userTokenNotSupported(name);
    }
    c.set('auth', auth);
    await withOrigin(auth.kind === 'server' ? 'server' : 'client', next);
  };
}

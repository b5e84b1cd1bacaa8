/** Hono environment shared by every module of the Stream emulator. */
import type { HttpBindings } from '@hono/node-server';

/** Who a request acts as, from its JWT: a server token (no `user_id`) or a user token. */
export type Auth = { kind: 'server' } | { kind: 'user'; userId: string };

/** The user a call acts as: the token's user, or nobody for a server token. */
export function actingUser(auth: Auth): string | undefined {
  return auth.kind === 'user' ? auth.userId : undefined;
}

export interface StreamEnv {
  /** @hono/node-server passes the raw Node request/response; `drop` faults need the socket. */
  Bindings: HttpBindings;
  Variables: {
    /** Stream's operation name (e.g. "SendMessage"), used in error messages and fault rules. */
    op: string;
    /** `performance.now()` when the request arrived, for the `duration` field. */
    startedAt: number;
    auth: Auth;
  };
}

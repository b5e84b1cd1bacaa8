/**
 * `GET /connect` upgraded to a WebSocket, as stream-chat-js opens it
 * (https://github.com/GetStream/stream-chat-js/blob/master/src/connection.ts): credentials travel
 * in the query string (`api_key`, `authorization`, `stream-auth-type`, `json={user_id,
 * user_details, client_request_id}`).
 *
 * Every upgrade is accepted and auth failures are reported in-band, as Stream does: a first
 * frame `connection.error` with Stream's error object, then close(1000), which the SDK reads
 * as a permanent refusal (a refused upgrade would look like a network error and be retried
 * forever). On success the first frame is `health.check` with `connection_id` and `me`;
 * client pings (`[{"type":"health.check",...}]`) are answered, and the server also sends
 * one every 30 s so a quiet connection never trips the SDK's 35 s watchdog.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import type { Credentials } from '../auth';
import { nowTimestamp } from '../clock';
import { ErrorCode, StreamError } from '../errors';
import { verifyStreamJwt } from '../jwt';
import { LIMITS } from '../limits';
import type { Wire } from '../present';
import type { StreamStore } from '../store';
import { assertNotRevoked } from '../tokens';
import { assertMayConnect } from '../user-activation';
import { implicitUser } from '../users';
import type { ClientConnection, ConnectionRegistry } from './connections';
import { presentMe } from './me';

const connectPayloadSchema = z.looseObject({
  user_id: z.string().min(1),
  user_details: z.looseObject({ id: z.string() }).optional(),
});

export interface ConnectDeps {
  store: StreamStore;
  registry: ConnectionRegistry;
  credentials: Credentials;
  log: (line: string) => void;
}

/** The connection's user and its token's expiry (seconds since the epoch, if the token has one). */
interface Connecting {
  userId: string;
  exp?: number;
}

/** Checks the handshake; returns who connects or throws the StreamError to report. */
async function authenticateConnect(
  deps: ConnectDeps,
  params: URLSearchParams,
): Promise<Connecting> {
  const apiKey = params.get('api_key');
  if (!apiKey) throw new StreamError(401, ErrorCode.AccessKey, 'api_key not provided');
  if (apiKey !== deps.credentials.apiKey) {
    throw new StreamError(401, ErrorCode.AccessKey, 'api_key is invalid');
  }
  if (params.get('stream-auth-type') !== 'jwt') {
    // Anonymous and guest connections are not emulated.
    throw new StreamError(401, ErrorCode.Authentication, 'stream-auth-type missing or invalid');
  }
  let payload: z.output<typeof connectPayloadSchema>;
  try {
    payload = connectPayloadSchema.parse(JSON.parse(params.get('json') ?? ''));
  } catch {
    throw new StreamError(400, ErrorCode.Input, 'json query parameter is missing or invalid');
  }
  const token = params.get('authorization');
  if (!token || token === 'undefined') {
    throw new StreamError(401, ErrorCode.Authentication, 'JWTAuth error: token is missing');
  }
  const claims = await verifyStreamJwt(token, deps.credentials.apiSecret);
  if (claims.user_id !== payload.user_id) {
    throw new StreamError(
      401,
      ErrorCode.Authentication,
      `JWTAuth error: token user_id "${claims.user_id ?? ''}" does not match user_id "${payload.user_id}"`,
    );
  }
  assertNotRevoked(deps.store, claims);
  assertMayConnect(deps.store, payload.user_id);
  // Stream creates the user on first connect; existing users keep their server-set fields.
  // Role and teams are server-side only: a client cannot make itself admin by connecting.
  const {
    role: _role,
    teams: _teams,
    teams_role: _teamsRole,
    ...details
  } = payload.user_details ?? { id: payload.user_id };
  implicitUser(deps.store, { ...details, id: payload.user_id });
  return {
    userId: payload.user_id,
    ...(typeof claims.exp === 'number' ? { exp: claims.exp } : {}),
  };
}

/**
 * Stream closes a connection when its token expires (its maintainers: "When the token expires,
 * the socket is disconnected", https://github.com/GetStream/stream-chat-swift/pull/1069; "when
 * the token expires and the WS is closed", https://github.com/GetStream/stream-chat-android/pull/5185).
 * The close code is not published; a non-1000 code makes the SDK reconnect at once, meet code 40
 * and ask its token provider for a new token. A revocation does not close open connections: no
 * source says Stream does, so the emulator does not pretend it (docs/security.md).
 */
const TOKEN_EXPIRED_CLOSE_CODE = 4000;

/** setTimeout's longest delay; a token living longer is not timed (no connection lasts that long here). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function closeAtExpiry(socket: WebSocket, exp: number | undefined): () => void {
  const delay = exp === undefined ? Number.POSITIVE_INFINITY : exp * 1000 - Date.now();
  if (delay > MAX_TIMER_MS) return () => {};
  const timer = setTimeout(
    () => socket.close(TOKEN_EXPIRED_CLOSE_CODE, 'JWTAuth error: token is expired (exp)'),
    Math.max(0, delay),
  );
  timer.unref();
  return () => clearTimeout(timer);
}

function errorFrame(error: StreamError): Wire {
  return {
    type: 'connection.error',
    connection_id: '',
    created_at: nowTimestamp(),
    error: {
      code: error.code,
      message: `Connect failed with error: "${error.detail}"`,
      StatusCode: error.status,
      duration: '',
      more_info: 'https://getstream.io/chat/docs/api_errors_response',
      details: [],
    },
  };
}

function connectionFor(socket: WebSocket, userId: string): ClientConnection {
  return {
    id: crypto.randomUUID(),
    userId,
    watching: new Set(),
    send: (event) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
    },
    close: (code, reason) => socket.close(code, reason),
  };
}

async function accept(deps: ConnectDeps, socket: WebSocket, params: URLSearchParams) {
  const { store, registry } = deps;
  let connecting: Connecting;
  try {
    connecting = await authenticateConnect(deps, params);
  } catch (error) {
    const streamError =
      error instanceof StreamError ? error : new StreamError(500, -1, String(error));
    deps.log(`WS /connect refused: ${streamError.code} ${streamError.detail}`);
    socket.send(JSON.stringify(errorFrame(streamError)));
    socket.close(1000, streamError.detail);
    return;
  }
  const { userId } = connecting;
  const cancelExpiry = closeAtExpiry(socket, connecting.exp);
  const connection = connectionFor(socket, userId);
  const wasOnline = registry.isOnline(userId);
  registry.add(connection);
  const user = store.users.get(userId);
  if (user) user.last_active = nowTimestamp();
  const healthCheck = () => ({
    type: 'health.check',
    connection_id: connection.id,
    cid: '*',
    created_at: nowTimestamp(),
  });
  connection.send({ ...healthCheck(), ...(user ? { me: presentMe(store, user) } : {}) });
  deps.log(`WS /connect ${userId} -> ${connection.id}`);
  if (user && !wasOnline) store.emit({ type: 'user.presence.changed', user, online: true });

  const timer = setInterval(
    () => connection.send(healthCheck()),
    LIMITS.serverHealthCheckIntervalMs,
  );
  timer.unref();
  socket.on('message', (data) => {
    // The only client frame is a JSON array of health checks; anything else is ignored.
    let frames: unknown;
    try {
      frames = JSON.parse(String(data));
    } catch {
      return;
    }
    const list = Array.isArray(frames) ? frames : [frames];
    if (list.some((f) => (f as { type?: unknown } | null)?.type === 'health.check')) {
      connection.send(healthCheck());
    }
  });
  socket.on('close', () => {
    clearInterval(timer);
    cancelExpiry();
    registry.remove(connection.id);
    const current = store.users.get(userId);
    if (current && !registry.isOnline(userId)) {
      current.last_active = nowTimestamp();
      store.emit({ type: 'user.presence.changed', user: current, online: false });
    }
  });
}

/** The upgrade handler for the emulator's HTTP server(s); other paths are refused. */
export function createConnectEndpoint(deps: ConnectDeps) {
  const wss = new WebSocketServer({ noServer: true });
  return {
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      const url = new URL(request.url ?? '/', 'http://emulator.local');
      // The SDK keeps a baseURL path prefix, so match the last segment only.
      if (!url.pathname.endsWith('/connect')) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        accept(deps, ws, url.searchParams).catch((error) => {
          deps.log(`WS /connect internal error: ${String(error)}`);
          ws.terminate();
        });
      });
    },
    close(): void {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

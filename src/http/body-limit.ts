/**
 * The request body limit. Every body is JSON of a few KiB (a message is at most 5,000
 * characters, about 20 KiB as UTF-8 at worst), so anything over MAX_BODY_BYTES is refused with
 * 413 and never buffered: by Content-Length when sent, else once the streamed bytes pass it.
 *
 * Before answering 413, the rest of the body is read and thrown away, up to DRAIN_MAX_BYTES and
 * DRAIN_MAX_MS. An HTTP/1.1 client reads the answer only once it has sent its body; a server
 * that answers and closes while the body is still arriving gives it a connection reset instead
 * of the 413, and under `wrangler dev` the proxy in front of the Worker answers 500 "Network
 * connection lost". Servers drain for the same reason (nginx's lingering close, Go's net/http).
 * Both bounds keep a client from holding the Worker: a body declared larger than the byte bound
 * is refused at once (draining could not complete it), and a slow one is cut at the deadline.
 */
import { createMiddleware } from 'hono/factory';
import { concatBytes } from '../core/bytes';
import { ApiError } from '../core/errors';
import { WEBHOOK_PATH } from '../stream/webhooks';
import type { AppEnv } from './types';

export const MAX_BODY_BYTES = 64 * 1024;
/**
 * Stream's own requests (webhooks, the before-send hook) carry up to 50 channel members with
 * their users: they may be larger, and are signed, so their route reads and bounds them itself.
 */
export const STREAM_HOOK_MAX_BYTES = 1024 * 1024;

/** The limit for a path: Stream's hooks get theirs, everything else the clients' 64 KiB. */
export const maxBodyBytesFor = (path: string) =>
  path === WEBHOOK_PATH || path.startsWith(`${WEBHOOK_PATH}/`)
    ? STREAM_HOOK_MAX_BYTES
    : MAX_BODY_BYTES;
/** Cloudflare itself refuses bodies over 100 MB (Free and Pro plans) before the Worker runs. */
export const DRAIN_MAX_BYTES = 16 * 1024 * 1024;
export const DRAIN_MAX_MS = 2_000;

const tooLarge = (limit: number) =>
  new ApiError(
    413,
    'payload_too_large',
    `The request body is larger than the limit of ${limit} bytes (${limit / 1024} KiB)`,
  );

/** Reads and discards what is left of a body, within the bounds; then stops reading it. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, read: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), DRAIN_MAX_MS);
  });
  try {
    while (read <= DRAIN_MAX_BYTES) {
      const chunk = await Promise.race([reader.read(), deadline]);
      if (chunk === 'deadline' || chunk.done) break;
      read += chunk.value.byteLength;
    }
  } finally {
    clearTimeout(timer);
    // Past a bound: tell the runtime we will not read the rest, so it stops taking it in.
    reader.cancel().catch(() => {});
  }
}

function declaredLength(headers: Headers): number | undefined {
  const value = headers.get('content-length');
  if (value === null || headers.has('transfer-encoding')) return undefined;
  const length = Number(value);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

export const limitBody = createMiddleware<AppEnv>(async (c, next) => {
  const body = c.req.raw.body;
  if (!body) return next();
  const limit = maxBodyBytesFor(c.req.path);
  const declared = declaredLength(c.req.raw.headers);
  // The runtime delivers exactly Content-Length bytes, so a declared small body is one.
  if (declared !== undefined && declared <= limit) return next();
  if (declared !== undefined && declared > DRAIN_MAX_BYTES) {
    body.cancel().catch(() => {});
    throw tooLarge(limit);
  }
  const reader = body.getReader();
  if (declared !== undefined) {
    await drain(reader, 0);
    throw tooLarge(limit);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await drain(reader, size);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  c.req.raw = new Request(c.req.raw, { body: concatBytes(chunks, size) });
  return next();
});

/**
 * Requests from Stream: its webhooks and its "before message send" hook
 * (https://getstream.io/chat/docs/node/webhooks_overview/). Stream signs each with the app's API
 * secret: `X-Signature` is the lower-case hex HMAC-SHA256 of the body as sent, before any
 * compression, and `X-Api-Key` names the app. With payload compression on, the body is gzip and
 * the signature is over the uncompressed bytes (what the SDKs' verifiers get wrong on raw or
 * re-serialised bodies: stream-chat-js#695, stream-chat-python#230).
 *
 * `readSignedRequest` reads the body once as bytes, inflates it when it is gzip (by header or by
 * its magic bytes, so a runtime that already inflated it is fine too), bounds it before and
 * after inflating, checks the key and the signature in constant time (WebCrypto's HMAC verify),
 * and only then parses the JSON.
 */

import { concatBytes } from '../core/bytes';
import { ApiError } from '../core/errors';
import { hmacKey } from '../core/hmac-key';

/** Where Stream posts its webhooks and asks before a message is sent, under the API's URL. */
export const WEBHOOK_PATH = '/webhooks/stream';
export const BEFORE_SEND_PATH = '/webhooks/stream/before-send';

/**
 * The webhook events `npm run stream:setup` subscribes to: what the queue consumer acts on
 * (src/services/stream-events.ts), and nothing else, so Stream sends nothing we would drop.
 */
export const WEBHOOK_EVENTS = [
  'channel.created',
  'channel.updated',
  'channel.deleted',
  'member.added',
  'member.removed',
  'user.updated',
  'user.deleted',
  'message.flagged',
  'user.flagged',
] as const;

const unauthorized = (message: string) => new ApiError(401, 'invalid_signature', message);

const tooLarge = (limit: number) =>
  new ApiError(413, 'payload_too_large', `The request body is larger than ${limit} bytes`);

const isGzip = (bytes: Uint8Array) => bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Inflates gzip, stopping (413) once the output passes `limit`: a small bomb stays small. */
async function gunzip(bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        reader.cancel().catch(() => {});
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(400, 'invalid_body', 'The body is not valid gzip');
  }
  return concatBytes(chunks, size);
}

function hexBytes(hex: string): Uint8Array | undefined {
  if (!/^[0-9a-f]{64}$/.test(hex)) return undefined;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Whether `signature` (hex) is the HMAC-SHA256 of `body` under `secret`; constant time. */
export async function verifySignature(
  secret: string,
  body: Uint8Array,
  signature: string,
): Promise<boolean> {
  const expected = hexBytes(signature);
  if (!expected) return false;
  return crypto.subtle.verify('HMAC', await hmacKey(secret), expected, body);
}

/** The lower-case hex HMAC-SHA256 Stream sends (the emulator and tests sign with it). */
export async function signature(secret: string, body: Uint8Array): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), body));
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface SignedRequest {
  /** The parsed JSON body. */
  payload: unknown;
  /** `X-Webhook-Id`: unique per delivery, the same on Stream's retries. */
  webhookId: string | undefined;
  /** `X-Webhook-Attempt`: 1 for the first delivery. */
  attempt: number;
}

/**
 * Reads and verifies a request from Stream. 401 `invalid_signature` for a missing or wrong key
 * or signature (nothing else is read), 413 past `maxBytes` (compressed or not), 400 for a body
 * that is not gzip or JSON once verified.
 */
export async function readSignedRequest(
  request: Request,
  app: { apiKey: string; apiSecret: string },
  maxBytes: number,
): Promise<SignedRequest> {
  const headers = request.headers;
  if (headers.get('x-api-key') !== app.apiKey) {
    throw unauthorized('X-Api-Key is missing or not this Stream app');
  }
  const signed = headers.get('x-signature');
  if (!signed) throw unauthorized('X-Signature is missing');
  const raw = new Uint8Array(await request.arrayBuffer());
  if (raw.byteLength > maxBytes) throw tooLarge(maxBytes);
  const body = isGzip(raw) ? await gunzip(raw, maxBytes) : raw;
  if (!(await verifySignature(app.apiSecret, body, signed.trim().toLowerCase()))) {
    throw unauthorized('X-Signature does not match the body');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not JSON');
  }
  const attempt = Number(headers.get('x-webhook-attempt') ?? '1');
  return {
    payload,
    webhookId: headers.get('x-webhook-id') ?? undefined,
    attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : 1,
  };
}

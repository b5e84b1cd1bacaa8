/**
 * What every outgoing hook request carries (https://getstream.io/chat/docs/node/webhooks_overview/):
 * `X-Signature` = lower-case hex HMAC-SHA256 of the JSON body with the API secret (what
 * stream-chat-js `verifyWebhook` recomputes), `X-Webhook-Id` (the same on every attempt),
 * `X-Webhook-Attempt` (from 1), `X-Api-Key`. With payload compression on, the body is gzip'd
 * and sent with `Content-Encoding: gzip`; the signature stays over the uncompressed JSON.
 */
import { createHmac } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export function signature(body: string, apiSecret: string): string {
  return createHmac('sha256', apiSecret).update(body, 'utf8').digest('hex');
}

/** A signed body, ready to be sent on any attempt. */
export interface SignedBody {
  bytes: Uint8Array;
  signature: string;
  compressed: boolean;
}

export function signBody(json: string, apiSecret: string, compress: boolean): SignedBody {
  return {
    bytes: compress ? gzipSync(json) : Buffer.from(json, 'utf8'),
    signature: signature(json, apiSecret),
    compressed: compress,
  };
}

export function hookHeaders(
  body: SignedBody,
  apiKey: string,
  webhookId: string,
  attempt: number,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    ...(body.compressed ? { 'content-encoding': 'gzip' } : {}),
    'x-signature': body.signature,
    'x-webhook-id': webhookId,
    'x-webhook-attempt': String(attempt),
    'x-api-key': apiKey,
  };
}

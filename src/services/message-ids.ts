/**
 * Message ids for idempotent sends. A plain hash of (user, channel, key) can be computed by
 * anyone, so another member could post that id first and make the victim's send "succeed" with
 * the attacker's message. A keyed MAC (HMAC-SHA256 under a key derived from the server secret)
 * cannot be: only this API can map a key to its id.
 */
const encoder = new TextEncoder();

const keys = new Map<string, Promise<CryptoKey>>();

/** One HMAC key per secret, derived for this purpose only (domain separation). */
function macKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = (async () => {
      const root = await crypto.subtle.importKey(
        'raw',
        encoder.encode(secret),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      );
      const derived = await crypto.subtle.sign('HMAC', root, encoder.encode('message-id/v1'));
      return crypto.subtle.importKey('raw', derived, { name: 'HMAC', hash: 'SHA-256' }, false, [
        'sign',
      ]);
    })();
    keys.set(secret, key);
  }
  return key;
}

/** A UUID-shaped id: the same (tenant, user, channel, key) always maps to the same id. */
export async function messageIdFor(
  secret: string,
  parts: { tenantId: string; userId: string; streamId: string; key: string },
): Promise<string> {
  // Length-prefixed, so no two different tuples can encode to the same bytes.
  const fields = [parts.tenantId, parts.userId, parts.streamId, parts.key];
  const message = fields.map((f) => `${f.length}:${f}`).join('|');
  const mac = new Uint8Array(
    await crypto.subtle.sign('HMAC', await macKey(secret), encoder.encode(message)),
  );
  const hex = [...mac.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Password hashing with PBKDF2-SHA256 through WebCrypto. 100,000 iterations is the most
 * Cloudflare's production runtime allows; the stored string names the algorithm and its
 * parameters (pbkdf2-sha256$<iterations>$<salt>$<hash>) so they can be raised later and old
 * hashes still verify.
 */
const ALGORITHM = 'pbkdf2-sha256';
export const PBKDF2_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BYTES = 32;

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

export async function hashPassword(
  password: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return [ALGORITHM, iterations, toBase64(salt), toBase64(hash)].join('$');
}

/** Compares without an early exit, so timing does not reveal how many bytes matched. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algorithm, iterations, salt, hash] = stored.split('$');
  // A stored string we cannot read is a mismatch, not an exception (a 500 at login).
  if (algorithm !== ALGORITHM || !iterations || !/^[1-9]\d*$/.test(iterations) || !salt || !hash)
    return false;
  let saltBytes: Uint8Array;
  let hashBytes: Uint8Array;
  try {
    saltBytes = fromBase64(salt);
    hashBytes = fromBase64(hash);
  } catch {
    return false;
  }
  const derived = await derive(password, saltBytes, Number(iterations));
  return constantTimeEqual(derived, hashBytes);
}

// Verified against when the email is unknown, so "no such user" costs the same PBKDF2 work
// as "wrong password" and the two cannot be told apart by timing.
const DECOY_HASH = `${ALGORITHM}$${PBKDF2_ITERATIONS}$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;

export async function verifyPasswordOrDecoy(password: string, stored: string | undefined) {
  const ok = await verifyPassword(password, stored ?? DECOY_HASH);
  return stored !== undefined && ok;
}

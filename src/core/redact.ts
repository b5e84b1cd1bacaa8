/** Masks values that must never reach a log: tokens, password hashes, emails (see safe-log.ts). */
const PATTERNS: Array<[RegExp, string]> = [
  // JWTs (ours, Stream's): three base64url parts, the first two JSON objects ("eyJ").
  [/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/g, '[token]'],
  [/pbkdf2-sha256\$[^\s"',]+/g, '[password-hash]'],
  [/[^\s"'<>(),;:]+@[^\s"'<>(),;:]+\.[A-Za-z]{2,}/g, '[email]'],
  [/(Bearer\s+)\S+/gi, '$1[token]'],
];

/** Masks tokens, password hashes and emails in free text. */
export function redact(text: string): string {
  return PATTERNS.reduce((out, [pattern, mask]) => out.replace(pattern, mask), text);
}

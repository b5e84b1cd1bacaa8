/**
 * What a new password must be (NIST SP 800-63B, memorized secrets): long enough, not absurdly
 * long (checked before hashing, so PBKDF2 never runs on megabytes), not one of the most common
 * passwords, not the account's own email or name. No composition rules (upper case, digits,
 * symbols): NIST advises against them, and the blocklist does their job better.
 */
import { COMMON_PASSWORDS } from './common-passwords';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/** NIST counts each Unicode code point as one character. */
const length = (s: string) => [...s].length;
const fold = (s: string) => s.trim().toLowerCase();

/** Problems with `password` on its own (length, blocklist); empty when it is fine. */
export function passwordProblems(password: string): string[] {
  const n = length(password);
  if (n < PASSWORD_MIN) return [`Use at least ${PASSWORD_MIN} characters`];
  if (n > PASSWORD_MAX) return [`Use at most ${PASSWORD_MAX} characters`];
  return COMMON_PASSWORDS.has(fold(password))
    ? ['This is one of the most common passwords: choose one that is harder to guess']
    : [];
}

/** Problems with `password` for an account with this email and name (case-insensitive). */
export function sameAsAccountProblems(
  password: string,
  account: { email: string; name: string },
): string[] {
  const folded = fold(password);
  const problems: string[] = [];
  if (folded === fold(account.email)) {
    problems.push('The password must not be your email address');
  }
  if (folded === fold(account.name)) {
    problems.push('The password must not be your name');
  }
  return problems;
}

/**
 * Mail flows walked through the local mail stand-in: verification at registration, email change,
 * password reset, and invitations needing a verified address.
 */
import { describe, expect, it } from 'vitest';
import { callJson } from '../../../test/api';
import { registerUser } from '../../../test/fixtures';
import { mailbox, tokenFrom } from '../../../test/stand-ins';

describe('email verification', () => {
  it('register mails a link; the token verifies the address', async () => {
    const user = await registerUser('Vera', { verified: false });
    const before = await callJson<{ email_verified: boolean }>('/me', { token: user.token });
    expect(before.body.email_verified).toBe(false);
    const mails = await expect.poll(() => mailbox(user.email)).toHaveLength(1);
    void mails;
    const [mail] = await mailbox(user.email);
    const verified = await callJson('/auth/verify-email', { body: { token: tokenFrom(mail!) } });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    const after = await callJson<{ email_verified: boolean }>('/me', { token: user.token });
    expect(after.body.email_verified).toBe(true);
  });
});

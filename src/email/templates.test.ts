/** Every template: a subject, text and HTML; token links as `token=`; user values escaped. */
import { describe, expect, it } from 'vitest';
import { render, TEMPLATE_NAMES, type TemplateParams } from './templates';

const APP = 'https://chat.example.com';
const hostile = '<img src=x onerror=alert(1)> & "quotes"';
const params: TemplateParams = {
  verify_email: { name: hostile, token: 'tok_verify-1' },
  change_email: { name: hostile, token: 'tok_change-2', new_email: 'new+"x"@example.com' },
  email_change_notice: { name: hostile, new_email: '<b>new@example.com</b>' },
  reset_password: { token: 'tok_reset-3' },
  invitation: {
    invitation_id: '0b0e7c52-5f7e-4d61-9d6c-1f2a3b4c5d6e',
    email: 'new+hire@example.com',
    tenant_name: hostile,
    inviter_name: hostile,
    role: 'moderator',
    days: 7,
    has_account: false,
  },
};

describe('mail templates', () => {
  it.each(TEMPLATE_NAMES)('%s renders text and escaped HTML', (name) => {
    const mail = render(name, params[name] as never, APP);
    expect(mail.subject.length).toBeGreaterThan(0);
    expect(mail.text.length).toBeGreaterThan(0);
    expect(mail.html).toMatch(/^<!doctype html>/);
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('<b>new');
  });

  it.each([
    ['verify_email', '/verify-email', 'tok_verify-1'],
    ['change_email', '/verify-email', 'tok_change-2'],
    ['reset_password', '/reset-password', 'tok_reset-3'],
  ] as const)('%s links to %s?token=… in text and HTML', (name, path, token) => {
    const mail = render(name, params[name] as never, APP);
    const url = `${APP}${path}?token=${token}`;
    expect(mail.text).toContain(url);
    expect(mail.html).toContain(`href="${url}"`);
  });

  it('an invitation links to sign-up, or to sign-in when the address has an account', () => {
    const query =
      'invitation_id=0b0e7c52-5f7e-4d61-9d6c-1f2a3b4c5d6e&email=new%2Bhire%40example.com';
    const fresh = render('invitation', params.invitation, APP);
    expect(fresh.text).toContain(`${APP}/register?${query}`);
    expect(fresh.html).toContain(`href="${APP}/register?${query.replace('&', '&amp;')}"`);
    const known = render('invitation', { ...params.invitation, has_account: true }, APP);
    expect(known.text).toContain(`${APP}/invitations?${query}`);
    expect(known.text).not.toContain('token=');
  });

  it('the notice to the old address carries no link', () => {
    const mail = render('email_change_notice', params.email_change_notice, APP);
    expect(mail.text).not.toContain('token=');
    expect(mail.text).toContain('<b>new@example.com</b>');
  });
});

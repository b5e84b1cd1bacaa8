/**
 * Every mail the API sends, as plain text and simple HTML, in one place. Values a user chose
 * (names, addresses) are escaped in the HTML. A link that carries a token has it as `token=` in
 * its query, so a person clicks it and a test reads it.
 */

export const VERIFY_HOURS = 24;
export const RESET_MINUTES = 30;

/** The templates and what each needs; the outbox stores the name and these params. */
export interface TemplateParams {
  verify_email: { name: string; token: string };
  change_email: { name: string; token: string; new_email: string };
  email_change_notice: { name: string; new_email: string };
  reset_password: { token: string };
  invitation: {
    invitation_id: string;
    email: string;
    tenant_name: string;
    inviter_name: string;
    role: string;
    days: number;
    has_account: boolean;
  };
}

export type TemplateName = keyof TemplateParams;

export const TEMPLATE_NAMES = [
  'verify_email',
  'change_email',
  'email_change_notice',
  'reset_password',
  'invitation',
] as const satisfies readonly TemplateName[];

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

const link = (appUrl: string, path: string, token: string) =>
  `${appUrl}${path}?token=${encodeURIComponent(token)}`;

/** A mail from paragraphs and an optional link below them. */
function mail(subject: string, paragraphs: string[], action?: { label: string; url: string }) {
  const text = [...paragraphs, ...(action ? [`${action.label}: ${action.url}`] : [])].join('\n\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(action
      ? [`<p><a href="${escapeHtml(action.url)}">${escapeHtml(action.label)}</a></p>`]
      : []),
    '</body></html>',
  ].join('\n');
  return { subject, text: `${text}\n`, html };
}

const renderers: { [K in TemplateName]: (p: TemplateParams[K], appUrl: string) => Rendered } = {
  verify_email: (p, appUrl) =>
    mail(
      'Confirm your email address',
      [
        `Hello ${p.name},`,
        `Please confirm that this is your email address. The link works once, for ${VERIFY_HOURS} hours.`,
        'If you did not create an account, ignore this mail.',
      ],
      { label: 'Confirm my email', url: link(appUrl, '/verify-email', p.token) },
    ),
  change_email: (p, appUrl) =>
    mail(
      'Confirm your new email address',
      [
        `Hello ${p.name},`,
        `You asked to use ${p.new_email} for your account. It takes effect when you confirm it; the link works once, for ${VERIFY_HOURS} hours.`,
        'If you did not ask for this, ignore this mail.',
      ],
      { label: 'Confirm my new email', url: link(appUrl, '/verify-email', p.token) },
    ),
  email_change_notice: (p) =>
    mail('Your email address is being changed', [
      `Hello ${p.name},`,
      `Someone signed in to your account asked to change its email address to ${p.new_email}. It changes only when that address is confirmed.`,
      'If this was not you, change your password now: it ends every session.',
    ]),
  reset_password: (p, appUrl) =>
    mail(
      'Reset your password',
      [
        'Someone asked to reset the password of the account with this email address.',
        `The link works once, for ${RESET_MINUTES} minutes, and signs out every device.`,
        'If you did not ask for this, ignore this mail: your password stays as it is.',
      ],
      { label: 'Choose a new password', url: link(appUrl, '/reset-password', p.token) },
    ),
  // No token: accepting needs the invitee signed in with this address, verified.
  invitation: (p, appUrl) => {
    const query = new URLSearchParams({ invitation_id: p.invitation_id, email: p.email });
    return mail(
      `${p.inviter_name} invited you to ${p.tenant_name}`,
      [
        `${p.inviter_name} invited you to join ${p.tenant_name} as ${p.role}.`,
        p.has_account
          ? 'Sign in with this email address to accept.'
          : 'Create an account with this email address, confirm it, then accept.',
        `The invitation lasts ${p.days} days. If you do not know ${p.tenant_name}, ignore this mail.`,
      ],
      {
        label: 'Open the invitation',
        url: `${appUrl}/${p.has_account ? 'invitations' : 'register'}?${query}`,
      },
    );
  },
};

export function render<K extends TemplateName>(
  template: K,
  params: TemplateParams[K],
  appUrl: string,
): Rendered {
  return renderers[template](params, appUrl);
}

export const isTemplateName = (name: string): name is TemplateName =>
  (TEMPLATE_NAMES as readonly string[]).includes(name);

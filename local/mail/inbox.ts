/** The inbox page people open at `/`: every message, newest first, links clickable. */
import type { StoredMail } from './store';

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

/** The text with its http(s) URLs as links (the text is escaped first). */
const linkify = (text: string) =>
  escapeHtml(text).replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`);

function item(mail: StoredMail): string {
  return `<article>
  <h2>${escapeHtml(mail.subject)}</h2>
  <p class="meta">To ${escapeHtml(mail.to.join(', '))} · from ${escapeHtml(mail.from)} · ${escapeHtml(mail.created_at)} · id ${escapeHtml(mail.id)}</p>
  <pre>${linkify(mail.text || '(no text part)')}</pre>
</article>`;
}

export function inboxPage(messages: StoredMail[], to?: string): string {
  const title = to ? `Mail to ${escapeHtml(to)}` : 'Local mail';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>
  body { font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
  article { border-bottom: 1px solid #ddd; padding: 0.5rem 0 1rem; }
  .meta { color: #555; font-size: 0.9rem; }
  pre { white-space: pre-wrap; font-family: inherit; }
</style></head>
<body>
<h1>${title}</h1>
<p>What the API sent through the local mail stand-in, newest first (${messages.length}).
Filter with <code>?to=address</code>; as JSON at <code>/__control/messages</code>.</p>
${messages.length === 0 ? '<p>No mail yet.</p>' : messages.map(item).join('\n')}
</body></html>`;
}

/**
 * A small stand-in for Stream's server-side markdown rendering of `message.html`.
 *
 * Stream renders `text` with a full markdown engine ("Test" → "<p>Test</p>\n", links get
 * rel="nofollow"). This covers what chat text usually contains — paragraphs, inline code,
 * bold, italics, bare links — with HTML escaped; exotic markdown (lists, headings, tables)
 * is left as escaped text. Apps should not depend on exact HTML anyway.
 */

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&#34;')
    .replaceAll("'", '&#39;');
}

function formatSpans(escaped: string): string {
  return escaped
    .replace(
      /https?:\/\/[^\s<]+[^\s<.,;:!?)]/g,
      (url) => `<a href="${url}" rel="nofollow">${url}</a>`,
    )
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
    .replace(/(^|\W)_([^_\s][^_]*)_(?=\W|$)/g, '$1<em>$2</em>');
}

function renderInline(escaped: string): string {
  // Code spans are kept verbatim; only the text between them is formatted.
  return escaped
    .split(/(`[^`]+`)/)
    .map((part, i) => (i % 2 === 1 ? `<code>${part.slice(1, -1)}</code>` : formatSpans(part)))
    .join('');
}

export function renderMarkdown(text: string): string {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return paragraphs.map((p) => `<p>${renderInline(escapeHtml(p))}</p>\n`).join('');
}

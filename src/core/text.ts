/**
 * Our one normal form of text, for names, descriptions and messages alike, so Postgres and Stream
 * store the same code points, and the word filter compares what was sent with what was listed.
 */

/**
 * Invisible format characters with no job in names or messages (zero-width space, bidi marks and
 * overrides, soft hyphen, word joiner, BOM, Hangul fillers…): dropped, so "X" and "X" + U+200B
 * are one name and no text can reorder itself on screen. Kept: the joiners (ZWJ, ZWNJ) and
 * variation selectors and tags, which build emoji and are needed by Arabic and Indic scripts.
 */
const DROPPED =
  /(?!\u200C|\u200D|[\uFE00-\uFE0F]|[\u{E0020}-\u{E007F}]|[\u{E0100}-\u{E01EF}])\p{Default_Ignorable_Code_Point}/gu;

/** The one normal form of stored and sent text: NFC, invisible format characters out, trimmed. */
export const normalizeText = (value: string) => value.normalize('NFC').replace(DROPPED, '').trim();

/**
 * The words of a text as the word filter compares them: the normal form, compatibility forms
 * folded (full-width "Ｂａｄ" is "bad"), lower case, split on everything that is not a letter, a
 * mark or a digit. So a listed word matches as a whole word, in any case.
 */
export function words(value: string): string[] {
  const folded = normalizeText(value).normalize('NFKC').toLowerCase();
  return folded.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

/**
 * Stands in for `linkifyjs` in the Worker's Stream SDK module (scripts/vendor-stream-sdk.mjs).
 * stream-chat imports it only for its client-side message composer (finding links to preview
 * while a user types); a server client never composes messages, so the 20 KiB parser would
 * only cost load time.
 * Calling it throws instead of silently finding nothing.
 */
export function find(): never {
  throw new Error('linkifyjs is not included in the Worker bundle (src/stream/sdk-unused.ts)');
}

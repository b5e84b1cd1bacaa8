/**
 * Loads the stream-chat server client, a module of its own (scripts/vendor-stream-sdk.mjs), on
 * first use. This file sits at the root of src/ on purpose: wrangler keeps the import's path as
 * written and resolves it from the bundled script, which stands where src/index.ts does.
 */
export const loadStreamSdk = () => import('./vendor/stream-chat.mjs');

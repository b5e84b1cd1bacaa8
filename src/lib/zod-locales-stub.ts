/**
 * Stands in for `zod/v4/locales` in the Worker bundle (wrangler.toml `[alias]`). zod's namespace
 * re-exports every locale (`z.locales`, 261 KiB raw) and esbuild keeps them because `z` is used
 * as a value; we only ever use zod's default English messages, which zod imports on its own.
 */
export {};

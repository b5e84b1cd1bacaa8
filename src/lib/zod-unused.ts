/**
 * Stands in for parts of zod the Worker never uses (wrangler.toml `[alias]`, Worker bundle only).
 * zod's `z` namespace re-exports them and esbuild keeps all of it because `z` is used as a value:
 *  - `zod/v4/locales` (every language's messages, 261 KiB; zod imports English directly);
 *  - `core/compile.js` (zod's schema compiler: `z.compile`, which needs `new Function`, refused
 *    by Workers anyway);
 *  - `classic/from-json-schema.js` (`z.fromJSONSchema`).
 * Calling one of these throws instead of silently doing nothing.
 */
const unavailable = (name: string) => () => {
  throw new Error(`zod's ${name} is not included in the Worker bundle (src/lib/zod-unused.ts)`);
};

export const INVALID = Symbol.for('zod.compile.invalid');
export class ZodCompileAsyncError extends Error {}
export class ZodCompileUnsupportedError extends Error {}
export const compile = unavailable('compile');
export const compileFn = unavailable('compileFn');
export const withParser = unavailable('withParser');
export const fromJSONSchema = unavailable('fromJSONSchema');

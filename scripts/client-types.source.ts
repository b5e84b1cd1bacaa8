/** The route schema of the app, the one type scripts/client-types.ts prints out in full. */
import type { Hono } from 'hono';
import type { AppType } from '../src/app';

// biome-ignore lint/suspicious/noExplicitAny: any Env and base path; only the schema is read
export type AppSchema = AppType extends Hono<any, infer S, any> ? S : never;

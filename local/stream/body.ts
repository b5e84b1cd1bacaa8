/**
 * Request-body parsing: JSON that Stream would reject (not JSON, not an object, wrong field
 * types) becomes a 400 / code 4 input error naming the field, instead of a crash.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { StreamEnv } from './env';
import { inputError } from './errors';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON object body; an empty body counts as `{}` (like Go decoding into a zero struct). */
export async function readJsonBody(c: Context<StreamEnv>): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw inputError('invalid JSON body, please check the request payload');
  }
  if (!isRecord(value)) throw inputError('invalid JSON body, expected a JSON object');
  return value;
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'invalid request body';
  const path = issue.path.map(String).join('.');
  if (issue.code === 'invalid_type') return `expected ${issue.expected} for field "${path}"`;
  return path ? `invalid value for field "${path}": ${issue.message}` : issue.message;
}

/** Validates `value` with `schema`; the first problem becomes Stream's code-4 error. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw inputError(describeIssue(result.error.issues[0]));
  return result.data;
}

/** A GET's `?payload=` (the SDK sends its query there as JSON), parsed. */
export function readQueryPayload(raw: string | undefined): unknown {
  if (raw === undefined) throw inputError('payload is a required field');
  try {
    return JSON.parse(raw);
  } catch {
    throw inputError('invalid JSON in payload, please check the request');
  }
}

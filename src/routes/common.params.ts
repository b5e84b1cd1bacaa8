import * as z from 'zod';
import { lazySchema } from '../http/routes';
import { decodeCursor } from '../services/keyset';

/** Stream channel ids: what Stream accepts (letters, digits, _ and -, at most 64). */
export const streamIdSchema = lazySchema(() =>
  z
    .string()
    .regex(/^[\w-]{1,64}$/, 'Not a valid stream_id')
    .meta({ example: '17006115-1c2a6a40-59d8-4e36-8527-a8b4d65d9d91' }),
);

export const streamIdParam = lazySchema(() =>
  z.object({
    stream_id: streamIdSchema().meta({ param: { name: 'stream_id', in: 'path' } }),
  }),
);

/** `?cursor=`: the `next_cursor` of the previous page of a newest-first list. */
export const cursorQuery = lazySchema(() =>
  z
    .string()
    .max(200)
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const cursor = decodeCursor(value);
      if (!cursor) ctx.addIssue({ code: 'custom', message: 'Not a cursor from next_cursor' });
      return cursor;
    })
    .meta({ type: 'string', description: '`next_cursor` of the previous page' }),
);

/** Stream message ids: ours are UUIDs; Stream accepts letters, digits, _ and - (at most 255). */
export const messageIdSchema = lazySchema(() =>
  z.string().regex(/^[\w-]{1,255}$/, 'Not a valid message id'),
);

export const messageIdParam = lazySchema(() =>
  z.object({
    message_id: messageIdSchema().meta({ param: { name: 'message_id', in: 'path' } }),
  }),
);

/**
 * The query of a newest-first list: `limit` (1 to `max`, 50 by default) and `cursor`.
 *
 * @example query: z.object({ ...pageQuery(100), status: z.enum(['open', 'resolved']) })
 */
export const pageQuery = (max: number) => ({
  limit: z.coerce.number().int().min(1).max(max).default(50).meta({ example: 50 }),
  cursor: cursorQuery(),
});

import * as z from 'zod';
import { lazySchema } from '../http/routes';

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

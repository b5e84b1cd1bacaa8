/**
 * `GET /tasks/{id}` GetTask (`client.getTask(id)`; Stream's OpenAPI `GetTaskResponse`): the
 * tasks of batch calls (tasks.ts), server tokens only. An unknown id answers 404/16 (our
 * wording: Stream's is not published).
 */
import type { Hono } from 'hono';
import type { EmulatorContext } from '../context';
import type { StreamEnv } from '../env';
import { ErrorCode, StreamError } from '../errors';
import { operation } from '../operation';
import { findTask } from '../tasks';
import { respond } from '../wire';

export function registerTaskRoute(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  app.get('/tasks/:id', operation('GetTask', deps), (c) => {
    const id = c.req.param('id');
    const task = findTask(store, id);
    if (!task) throw new StreamError(404, ErrorCode.DoesNotExist, `task "${id}" does not exist`);
    return respond(c, { ...task });
  });
}

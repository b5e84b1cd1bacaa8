/**
 * Stream's asynchronous tasks (`GET /tasks/{id}` GetTask, Stream's OpenAPI `GetTaskResponse`):
 * batch calls such as DeactivateUsers answer a `task_id` at once and do the work later. The
 * emulator does the work before answering, so every task it records is already `completed`
 * when it is first read. Tasks live in memory only (not in `dataDir`) and a reset clears them.
 */
import { nowTimestamp } from './clock';
import type { StreamStore, TaskRecord } from './store';

/** Records a finished task and returns its id. */
export function completedTask(store: StreamStore, result: Record<string, unknown>): string {
  const at = nowTimestamp();
  const task: TaskRecord = {
    task_id: crypto.randomUUID(),
    status: 'completed',
    created_at: at,
    updated_at: at,
    result,
  };
  store.tasks.set(task.task_id, task);
  return task.task_id;
}

export function findTask(store: StreamStore, id: string): TaskRecord | undefined {
  return store.tasks.get(id);
}

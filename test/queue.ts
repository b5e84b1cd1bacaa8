/**
 * The Worker's queue in tests: the binding replaced by a recorder (what the Worker sends is
 * kept), and what was recorded run by the Worker's real consumer, as the queue would deliver it.
 * The queue binding is Cloudflare's, not ours, so recording it leaves our code as it runs.
 */
import {
  createExecutionContext,
  createMessageBatch,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { QueueMessage } from '../src/core/types';
import worker from '../src/index';

export interface RecordedQueue {
  /** Put in the bindings as `STREAM_REPAIRS`. */
  binding: Queue<QueueMessage>;
  /** Sent and not yet run. */
  sent: QueueMessage[];
}

export function recordingQueue(): RecordedQueue {
  const sent: QueueMessage[] = [];
  const binding = {
    async send(body: QueueMessage) {
      sent.push(body);
    },
    async sendBatch(messages: Iterable<{ body: QueueMessage }>) {
      for (const m of messages) sent.push(m.body);
    },
  } as unknown as Queue<QueueMessage>;
  return { binding, sent };
}

/** The test's bindings with the recorded queue (and any other binding replaced). */
export const withQueue = (queue: RecordedQueue, extra: Partial<typeof env> = {}) => ({
  ...env,
  STREAM_REPAIRS: queue.binding,
  ...extra,
});

let batches = 0;

/** Runs everything recorded so far through the real consumer; returns how many messages ran. */
export async function runRecorded(queue: RecordedQueue, bindings = withQueue(queue)) {
  const batch = queue.sent.splice(0, queue.sent.length);
  if (batch.length === 0) return 0;
  const n = batches++;
  const ctx = createExecutionContext();
  await worker.queue(
    createMessageBatch<QueueMessage>(
      'edge-chat-stream-repairs',
      batch.map((body, i) => ({ id: `q${n}-${i}`, timestamp: new Date(), attempts: 1, body })),
    ),
    bindings,
  );
  await waitOnExecutionContext(ctx);
  return batch.length;
}

/**
 * The Worker's queue consumer: repairs of Stream's projection (src/sync/repair.ts), verified
 * Stream webhook deliveries (./stream-events.ts) and mail (./email-outbox.ts), each retried with
 * backoff while it fails.
 */
import type { EmailMessage, QueueMessage, RepairMessage, StreamEventMessage } from '../core/types';
import { errorFields, logFor } from '../runtime/safe-log';
import type { Services } from '../runtime/services';
import { backoffSeconds, consumeRepair } from '../sync/repair';
import { consumeEmail } from './email-outbox';
import { actOnStreamEvent } from './stream-events';

async function consumeStreamEvent(s: Services, message: Message<StreamEventMessage>) {
  try {
    await actOnStreamEvent(s, message.body);
    message.ack();
  } catch (err) {
    logFor(s, 'warn', {
      code: 'stream_event_failed',
      webhook_id: message.body.id,
      event: message.body.event.type,
      queue_message_id: message.id,
      ...errorFields(err),
    });
    message.retry({ delaySeconds: backoffSeconds(message.attempts) });
  }
}

export async function consumeQueue(s: Services, batch: MessageBatch<QueueMessage>): Promise<void> {
  for (const message of batch.messages) {
    if (message.body.kind === 'stream_event') {
      await consumeStreamEvent(s, message as Message<StreamEventMessage>);
    } else if (message.body.kind === 'email') {
      await consumeEmail(s, message as Message<EmailMessage>);
    } else {
      await consumeRepair(s, message as Message<RepairMessage>);
    }
  }
}

/**
 * The UI kit's message actions, with reporting and blocking going through our API
 * (`POST /reports`, `POST /me/blocks`) instead of Stream's own flag, mute and block: our API
 * keeps the moderators' queue and the block list, and mirrors them to Stream.
 */
import {
  ContextMenuButton,
  defaultMessageActionSet,
  IconFlag,
  IconNoSign,
  type MessageActionSetItem,
  MessageActions,
  useContextMenuContext,
  useMessageContext,
  useNotificationApi,
} from 'stream-chat-react';
import { call } from '../api';
import { useServices } from '../context';

/** Runs `act` and says how it went in the kit's notifications. */
function useNotified() {
  const { addNotification } = useNotificationApi();
  return async (emitter: string, done: string, act: () => Promise<unknown>) => {
    try {
      await act();
      addNotification({ emitter, message: done, severity: 'success' });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      addNotification({ emitter, message: `${emitter} failed: ${why}`, severity: 'error' });
    }
  };
}

function ReportMessage() {
  const { api } = useServices();
  const { closeMenu } = useContextMenuContext();
  const { message, isMyMessage } = useMessageContext();
  const notified = useNotified();
  if (isMyMessage()) return null;
  return (
    <ContextMenuButton
      className="str-chat__message-actions-list-item-button"
      Icon={IconFlag}
      onClick={() => {
        closeMenu();
        const reason = window.prompt('Why do you report this message?', 'spam');
        if (!reason) return;
        void notified('Report', 'Reported to the moderators', () =>
          call(api.reports.$post({ json: { message_id: message.id, reason } })),
        );
      }}
    >
      Report
    </ContextMenuButton>
  );
}

function BlockAuthor() {
  const { api } = useServices();
  const { closeMenu } = useContextMenuContext();
  const { message, isMyMessage } = useMessageContext();
  const notified = useNotified();
  const author = message.user;
  if (isMyMessage() || !author) return null;
  return (
    <ContextMenuButton
      className="str-chat__message-actions-list-item-button"
      Icon={IconNoSign}
      onClick={() => {
        closeMenu();
        void notified('Block', `Blocked ${author.name ?? 'them'}: their messages are hidden`, () =>
          call(api.me.blocks.$post({ json: { user_id: author.id } })),
        );
      }}
    >
      Block {author.name}
    </ContextMenuButton>
  );
}

/** Stream's own moderation actions, replaced by ours above. */
const REPLACED = new Set(['flag', 'mute', 'blockUser']);

const messageActionSet: MessageActionSetItem[] = [
  ...defaultMessageActionSet.filter((item) => !('type' in item) || !REPLACED.has(item.type)),
  { type: 'report', placement: 'dropdown', Component: ReportMessage },
  { type: 'block', placement: 'dropdown', Component: BlockAuthor },
];

/** For `<WithComponents overrides={{ MessageActions: OurMessageActions }}>`. */
export function OurMessageActions() {
  return <MessageActions messageActionSet={messageActionSet} />;
}

import {
  Channel,
  ChannelHeader,
  MessageComposer,
  MessageList,
  Thread,
  Window,
  WithComponents,
} from 'stream-chat-react';
import { AddMember } from './AddMember';
import { OurMessageActions } from './message-actions';

/** The open channel as the UI kit shows it (messages, typing, read state, threads, reactions). */
export function ChannelPane({ tenantId, staff }: { tenantId: string; staff: boolean }) {
  return (
    <WithComponents overrides={{ MessageActions: OurMessageActions }}>
      <Channel>
        <Window>
          <ChannelHeader />
          {staff && (
            <div className="channel-tools">
              <AddMember tenantId={tenantId} />
            </div>
          )}
          <MessageList />
          <MessageComposer />
        </Window>
        <Thread />
      </Channel>
    </WithComponents>
  );
}

import { useChatContext } from 'stream-chat-react';
import { call } from '../api';
import { useServices } from '../context';
import { InlineForm } from './InlineForm';

/** `POST /channels` (admins and moderators); the API creates it in Stream, then it opens. */
export function CreateChannel() {
  const { api } = useServices();
  const { client, setActiveChannel } = useChatContext();
  return (
    <InlineForm
      label="New channel"
      onSubmit={async ({ name }) => {
        const created = await call(api.channels.$post({ json: { name: name ?? '' } }));
        // A channel's Stream id is our stream_id; its type is always `messaging`.
        const channel = client.channel('messaging', created.stream_id);
        await channel.watch();
        setActiveChannel(channel);
      }}
    >
      <input name="name" placeholder="Channel name" aria-label="Channel name" required />
    </InlineForm>
  );
}

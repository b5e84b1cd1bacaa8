import { useChannelStateContext } from 'stream-chat-react';
import { call } from '../api';
import { useServices } from '../context';
import { useLoad } from '../use-load';
import { InlineForm } from './InlineForm';

/**
 * Adds a member of the tenant to the open channel (`POST /channels/{stream_id}/members`, admins
 * and moderators): joining a tenant does not put anyone in its channels.
 */
export function AddMember({ tenantId }: { tenantId: string }) {
  const { api } = useServices();
  const { channel } = useChannelStateContext();
  const streamId = channel.id;
  if (!streamId) return null;
  return (
    <InlineForm
      label="Add member"
      onSubmit={async ({ user_id }) => {
        await call(
          api.channels[':stream_id'].members.$post({
            param: { stream_id: streamId },
            json: { user_ids: [user_id ?? ''] },
          }),
        );
      }}
    >
      <Candidates tenantId={tenantId} />
    </InlineForm>
  );
}

/** The tenant's members who are not in the channel, read when the form opens. */
function Candidates({ tenantId }: { tenantId: string }) {
  const { api } = useServices();
  const { members } = useChannelStateContext();
  const tenant = useLoad(
    () => call(api.tenants[':id'].members.$get({ param: { id: tenantId } })),
    [api, tenantId],
  );
  return (
    <select name="user_id" aria-label="Member to add" required>
      {tenant.data?.members
        .filter((m) => !members?.[m.user_id])
        .map((m) => (
          <option key={m.user_id} value={m.user_id}>
            {m.name}
          </option>
        ))}
    </select>
  );
}

import { call } from '../api';
import { useServices } from '../context';
import { InlineForm } from './InlineForm';

/** `POST /tenants/{id}/invitations` (admins): the API mails the invitee a link to this app. */
export function InviteMember({ tenantId }: { tenantId: string }) {
  const { api } = useServices();
  return (
    <InlineForm
      label="Invite"
      onSubmit={async ({ email, role }) => {
        await call(
          api.tenants[':id'].invitations.$post({
            param: { id: tenantId },
            json: { email: email ?? '', role: role === 'moderator' ? 'moderator' : 'member' },
          }),
        );
      }}
    >
      <input name="email" type="email" placeholder="Email" aria-label="Email to invite" required />
      <select name="role" aria-label="Role">
        <option value="member">member</option>
        <option value="moderator">moderator</option>
      </select>
    </InlineForm>
  );
}

import { call } from '../api';
import { useServices, useSession } from '../context';
import { Link } from '../Link';
import { navigate } from '../router';
import { useAction } from '../use-action';
import { useLoad } from '../use-load';
import { AuthLayout } from './AuthLayout';

/**
 * The invitations to the user's address (the invitation mail's link opens this page). The API
 * lists them, and lets the user accept or decline, only once the address is confirmed.
 */
export function Invitations() {
  const { api, session } = useServices();
  const user = useSession()?.user;
  const me = useLoad(() => call(api.me.$get()), [api]);
  const list = useLoad(() => call(api.me.invitations.$get()), [api]);
  const answer = useAction(async (id: string, accept: boolean) => {
    if (!accept) {
      await call(api.invitations[':inv_id'].decline.$post({ param: { inv_id: id } }));
      return list.reload();
    }
    const { tenant } = await call(
      api.invitations[':inv_id'].accept.$post({ param: { inv_id: id } }),
    );
    await session.refresh(tenant.id);
    navigate('/');
  });
  const resend = useAction(async () => {
    await call(api.auth['verify-email'].resend.$post());
  });
  const invitations = list.data?.invitations;
  return (
    <AuthLayout title="Invitations" error={me.error ?? list.error ?? answer.error ?? resend.error}>
      {me.data && !me.data.email_verified && (
        <p className="notice">
          Confirm {user?.email} first: open the link we mailed you.{' '}
          <button type="button" onClick={() => void resend.act()} disabled={resend.busy}>
            Send the link again
          </button>
        </p>
      )}
      {invitations?.length === 0 && <p>No open invitations.</p>}
      <ul className="invitations">
        {invitations?.map((inv) => (
          <li key={inv.id}>
            <span>
              <strong>{inv.tenant.name}</strong> as {inv.role}, from {inv.invited_by.name}
            </span>
            <button
              type="button"
              disabled={answer.busy}
              onClick={() => void answer.act(inv.id, true)}
            >
              Accept
            </button>
            <button
              type="button"
              disabled={answer.busy}
              onClick={() => void answer.act(inv.id, false)}
            >
              Decline
            </button>
          </li>
        ))}
      </ul>
      <p>
        <button type="button" onClick={() => list.reload()}>
          Refresh
        </button>{' '}
        <Link to="/">Back to chat</Link>
      </p>
    </AuthLayout>
  );
}

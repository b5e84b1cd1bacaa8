import { useMemo } from 'react';
import type { ChannelFilters, ChannelSort } from 'stream-chat';
import { ChannelList } from 'stream-chat-react';
import { useServices } from '../context';
import { Link } from '../Link';
import type { Session } from '../session';
import { CreateChannel } from './CreateChannel';
import { CreateTenant } from './CreateTenant';
import { InviteMember } from './InviteMember';
import { TenantPicker } from './TenantPicker';

const sort: ChannelSort = { last_message_at: -1 };

/** The user, their tenants, the tenant's channels they are in, and what their role may do. */
export function Sidebar({ session, tenantId }: { session: Session; tenantId: string }) {
  const services = useServices();
  // A tenant is a Stream team; its channels are `messaging` channels of that team.
  const filters = useMemo<ChannelFilters>(
    () => ({ type: 'messaging', team: tenantId, members: { $in: [session.user.id] } }),
    [tenantId, session.user.id],
  );
  const staff = session.role === 'admin' || session.role === 'moderator';
  return (
    <aside className="sidebar">
      <header className="me">
        <strong>{session.user.name}</strong>
        <button type="button" onClick={() => void services.session.signOut()}>
          Sign out
        </button>
      </header>
      <TenantPicker />
      <div className="sidebar-actions">
        <CreateTenant />
        {staff && <CreateChannel />}
        {session.role === 'admin' && <InviteMember tenantId={tenantId} />}
        <Link to="/invitations">Invitations</Link>
      </div>
      <ChannelList key={tenantId} filters={filters} sort={sort} />
    </aside>
  );
}

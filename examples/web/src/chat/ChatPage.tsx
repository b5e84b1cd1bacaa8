import { call } from '../api';
import { useServices } from '../context';
import { Link } from '../Link';
import type { Session } from '../session';
import { useLoad } from '../use-load';
import { ChannelPane } from './ChannelPane';
import { CreateTenant } from './CreateTenant';
import { Sidebar } from './Sidebar';
import { StreamConnection } from './StreamConnection';

/** The chat, once the session is scoped to a tenant; before that, a tenant to choose or create. */
export function ChatPage({ session }: { session: Session }) {
  const tenantId = session.tenant?.id;
  if (!tenantId) return <ChooseTenant />;
  const staff = session.role === 'admin' || session.role === 'moderator';
  return (
    <StreamConnection>
      <div className="chat-layout">
        <Sidebar session={session} tenantId={tenantId} />
        <ChannelPane key={tenantId} tenantId={tenantId} staff={staff} />
      </div>
    </StreamConnection>
  );
}

/** A session with no tenant yet: go to the first one, or create one, or see the invitations. */
function ChooseTenant() {
  const { api, session } = useServices();
  const tenants = useLoad(async () => {
    const { tenants } = await call(api.tenants.$get());
    // Scoping the session to a tenant re-renders the app into the chat.
    if (tenants[0]) await session.refresh(tenants[0].id);
    return tenants;
  }, [api, session]);
  if (!tenants.data || tenants.data.length > 0)
    return <p className="loading">{tenants.error ?? 'Loading…'}</p>;
  return (
    <main className="page">
      <h1>Welcome</h1>
      <p>You are in no tenant yet: create one, or accept an invitation.</p>
      <CreateTenant />
      <p>
        <Link to="/invitations">Invitations</Link>
      </p>
    </main>
  );
}

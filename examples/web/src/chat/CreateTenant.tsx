import { call } from '../api';
import { useServices } from '../context';
import { InlineForm } from './InlineForm';

/** `POST /tenants`: the creator is its admin; the session moves to it. */
export function CreateTenant() {
  const { api, session } = useServices();
  return (
    <InlineForm
      label="New tenant"
      onSubmit={async ({ name }) => {
        const { tenant } = await call(api.tenants.$post({ json: { name: name ?? '' } }));
        await session.refresh(tenant.id);
      }}
    >
      <input name="name" placeholder="Tenant name" aria-label="Tenant name" required />
    </InlineForm>
  );
}

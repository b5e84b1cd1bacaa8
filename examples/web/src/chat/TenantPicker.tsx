import { call } from '../api';
import { useServices, useSession } from '../context';
import { useAction } from '../use-action';
import { useLoad } from '../use-load';

/**
 * The user's tenants (`GET /tenants`). Choosing one refreshes the session scoped to it: API
 * calls then act in that tenant, and the channel list shows its channels.
 */
export function TenantPicker() {
  const { api, session } = useServices();
  const current = useSession()?.tenant?.id ?? '';
  const tenants = useLoad(() => call(api.tenants.$get()), [api, current]);
  const choose = useAction(async (id: string) => {
    await session.refresh(id);
  });
  return (
    <label className="tenant-picker">
      Tenant{' '}
      <select
        value={current}
        disabled={choose.busy}
        onChange={(e) => void choose.act(e.target.value)}
      >
        {tenants.data?.tenants.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({t.role})
          </option>
        ))}
      </select>
      {(tenants.error ?? choose.error) && (
        <span className="error">{tenants.error ?? choose.error}</span>
      )}
    </label>
  );
}

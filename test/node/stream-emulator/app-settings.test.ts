/**
 * GetApp and UpdateApp: the app settings the API relies on.
 */
import { describe, expect, it } from 'vitest';
import { useStreamEmulator } from './harness';

const h = useStreamEmulator();

describe('app settings', () => {
  it('reads and sets multi_tenant_enabled', async () => {
    const before = await h.sdk.getAppSettings();
    expect(before.app?.multi_tenant_enabled).toBe(false);
    await h.sdk.updateAppSettings({ multi_tenant_enabled: true });
    const after = await h.sdk.getAppSettings();
    expect(after.app?.multi_tenant_enabled).toBe(true);
    expect(after.app?.channel_configs?.messaging?.max_message_length).toBe(5000);
  });
});

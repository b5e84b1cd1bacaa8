/**
 * The app's settings, read once at start from `/config.json`, served next to `index.html`: the
 * same build runs against the local stand-ins and against production (README.md, "Settings").
 */
export interface AppConfig {
  /** Our API, e.g. `https://chat-api.example.com`. */
  apiUrl: string;
  /** Stream's REST URL: the local emulator's; absent (the SDK's default) for real Stream. */
  streamBaseUrl?: string;
}

export async function loadConfig(): Promise<AppConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`/config.json: HTTP ${res.status} (examples/web/README.md)`);
  const raw = (await res.json()) as Partial<AppConfig>;
  if (typeof raw.apiUrl !== 'string' || !raw.apiUrl)
    throw new Error('/config.json needs "apiUrl", the API’s URL');
  return {
    apiUrl: raw.apiUrl.replace(/\/$/, ''),
    streamBaseUrl: raw.streamBaseUrl || undefined,
  };
}

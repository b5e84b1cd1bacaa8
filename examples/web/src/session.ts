/**
 * The signed-in session: our API's token pair, kept in localStorage, and refreshed for the rest
 * of the app. An access token lives 15 minutes and is scoped to one tenant (or none); the
 * refresh token is single-use and answers the next pair, scoped to the tenant asked for
 * (docs/api.md, "Sessions"). `fetch` adds the token, refreshing it first when it is about to
 * expire, and once more when the API answers 401.
 */
import { ApiError, call, createApiClient } from './api';

export type Role = 'admin' | 'moderator' | 'member';

export interface Session {
  token: string;
  expiresAt: string;
  refreshToken: string;
  user: { id: string; name: string; email: string };
  tenant?: { id: string; name: string };
  role?: Role;
}

/** What register, login, refresh and a password reset answer. */
interface SignedIn {
  token: string;
  expires_at: string;
  refresh_token: string;
  user: Session['user'];
  tenant?: { id: string; name: string };
  role?: Role;
  device_token?: string;
}

const SESSION_KEY = 'edge-chat:session';
/** Kept across sign-outs: this device's next login sends it (docs/api.md, "Sessions"). */
const DEVICE_KEY = 'edge-chat:device-token';
/** Refresh this long before the access token expires. */
const EARLY_MS = 60_000;

export class SessionStore {
  private readonly auth;
  private session: Session | null;
  private refreshing: Promise<Session> | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(apiUrl: string) {
    this.auth = createApiClient(apiUrl).auth;
    const saved = localStorage.getItem(SESSION_KEY);
    this.session = saved ? (JSON.parse(saved) as Session) : null;
    // Another tab signed in, out, or refreshed.
    window.addEventListener('storage', (e) => {
      if (e.key !== SESSION_KEY) return;
      this.session = e.newValue ? (JSON.parse(e.newValue) as Session) : null;
      this.emit();
    });
  }

  /** For React's useSyncExternalStore. */
  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly current = () => this.session;

  async register(name: string, email: string, password: string): Promise<void> {
    this.accept(await call(this.auth.register.$post({ json: { name, email, password } })));
  }

  async login(email: string, password: string): Promise<void> {
    const device_token = localStorage.getItem(DEVICE_KEY) ?? undefined;
    this.accept(await call(this.auth.login.$post({ json: { email, password, device_token } })));
  }

  /** A mailed reset link's token and the new password: every other session ends. */
  async resetPassword(token: string, new_password: string): Promise<void> {
    this.accept(await call(this.auth.password.reset.$post({ json: { token, new_password } })));
  }

  /** The next pair, scoped to `tenantId` when given (else to the current tenant). */
  refresh(tenantId = this.session?.tenant?.id): Promise<Session> {
    const refreshToken = this.session?.refreshToken;
    if (!refreshToken) return Promise.reject(new ApiError(401, 'signed_out', 'Not signed in'));
    // One refresh at a time: the refresh token is single-use.
    this.refreshing ??= call(
      this.auth.refresh.$post({ json: { refresh_token: refreshToken, tenant_id: tenantId } }),
    )
      .then((pair) => this.accept(pair))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) this.clear();
        throw err;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  async signOut(): Promise<void> {
    const token = this.session?.token;
    this.clear();
    if (token)
      await this.auth.logout
        .$post(undefined, { headers: { authorization: `Bearer ${token}` } })
        .catch(() => undefined);
  }

  /** `fetch` with the session's bearer token, for the typed client. */
  readonly fetch: typeof fetch = async (input, init) => {
    const send = (token: string) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    const res = await send(await this.accessToken());
    if (res.status !== 401 || !this.session) return res;
    return send((await this.refresh()).token);
  };

  private async accessToken(): Promise<string> {
    const session = this.session;
    if (!session) throw new ApiError(401, 'signed_out', 'Not signed in');
    if (Date.parse(session.expiresAt) - Date.now() > EARLY_MS) return session.token;
    return (await this.refresh()).token;
  }

  private accept(pair: SignedIn): Session {
    if (pair.device_token) localStorage.setItem(DEVICE_KEY, pair.device_token);
    this.session = {
      token: pair.token,
      expiresAt: pair.expires_at,
      refreshToken: pair.refresh_token,
      user: pair.user,
      tenant: pair.tenant,
      role: pair.role,
    };
    localStorage.setItem(SESSION_KEY, JSON.stringify(this.session));
    this.emit();
    return this.session;
  }

  private clear(): void {
    this.session = null;
    localStorage.removeItem(SESSION_KEY);
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

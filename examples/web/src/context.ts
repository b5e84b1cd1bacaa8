/** What every component reaches: the settings, the session and the typed client with its token. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import { type ApiClient, createApiClient } from './api';
import type { AppConfig } from './config';
import { SessionStore } from './session';

export interface AppServices {
  config: AppConfig;
  session: SessionStore;
  /** Calls as the signed-in user. */
  api: ApiClient;
  /** Calls as anyone: the mailed links' tokens, a forgotten password. */
  publicApi: ApiClient;
}

export function createServices(config: AppConfig): AppServices {
  const session = new SessionStore(config.apiUrl);
  return {
    config,
    session,
    api: createApiClient(config.apiUrl, session.fetch),
    publicApi: createApiClient(config.apiUrl),
  };
}

export const ServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <ServicesContext>');
  return services;
}

/** The current session (null when signed out); re-renders when it changes. */
export function useSession() {
  const { session } = useServices();
  return useSyncExternalStore(session.subscribe, session.current);
}

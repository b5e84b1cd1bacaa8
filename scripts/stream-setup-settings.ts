/**
 * Which settings `npm run stream:setup` uses: the dev settings file, with environment
 * variables (the config's keys only) on top. Credentials from the environment without
 * STREAM_BASE_URL mean another Stream app than the file's, i.e. Stream's production API: the
 * file's STREAM_BASE_URL (the local emulator) must not receive a production secret.
 */
import { configSchema } from '../src/core/config.ts';

export interface SetupSettings {
  /** Where they came from, for the first line the command prints. */
  source: string;
  vars: Record<string, string>;
}

export function setupSettings(
  file: string,
  fileVars: Record<string, string>,
  env: Record<string, string | undefined>,
): SetupSettings {
  const fromEnv: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined) fromEnv[key] = value;
  }
  const shellCredentials = 'STREAM_API_KEY' in fromEnv || 'STREAM_API_SECRET' in fromEnv;
  if (shellCredentials && !('STREAM_BASE_URL' in fromEnv)) fromEnv.STREAM_BASE_URL = '';
  const overridden = Object.keys(fromEnv);
  const source = overridden.length > 0 ? `${file} + environment (${overridden.join(', ')})` : file;
  return { source, vars: { ...fileVars, ...fromEnv } };
}

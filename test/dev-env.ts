/**
 * The environment a test gives `npm run dev`: the shell's, without `LOCAL_POSTGRES_URL`.
 *
 * CI sets that variable for the Neon stand-in's Postgres engine tests, and the launcher honours it
 * from the shell. A launcher test inheriting it would not run the README's default (PGlite in the
 * data directory), and every launcher would share that one database.
 *
 * @example spawn('npm', ['run', 'dev'], { env: devEnv({ PORT: '8787' }) })
 */
export function devEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { LOCAL_POSTGRES_URL: _sharedDatabase, ...env } = process.env;
  return { ...env, ...extra };
}

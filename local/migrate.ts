/**
 * Applies drizzle/ migrations through a Neon SQL-over-HTTP endpoint with the real driver and
 * Drizzle's neon-http migrator, as statements a Neon database would receive them.
 */
import { fileURLToPath } from 'node:url';
import { neon, neonConfig } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-http';
import { migrate } from 'drizzle-orm/neon-http/migrator';

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/**
 * Where the driver sends SQL for `databaseUrl`: `sqlEndpoint` when given, else the endpoint it
 * derives from the connection string's host (real Neon: `https://api.<region>…/sql`).
 */
export function sqlEndpointFor(databaseUrl: string, sqlEndpoint?: string): string {
  if (sqlEndpoint) return sqlEndpoint;
  if (!URL.canParse(databaseUrl)) return '(DATABASE_URL is not a URL)';
  const { hostname, port } = new URL(databaseUrl);
  const derive = neonConfig.fetchEndpoint;
  return typeof derive === 'function' ? derive(hostname, port || 5432) : derive;
}

export async function applyMigrations(options: {
  databaseUrl: string;
  /** Omit to use the endpoint the driver derives from the connection string (real Neon). */
  sqlEndpoint?: string;
  /** Another checkout's drizzle/ (the bench's baseline); default: this one's. */
  migrationsFolder?: string;
}): Promise<void> {
  if (options.sqlEndpoint) neonConfig.fetchEndpoint = options.sqlEndpoint;
  await migrate(drizzle({ client: neon(options.databaseUrl) }), {
    migrationsFolder: options.migrationsFolder ?? migrationsFolder,
  });
}

import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` needs no database. `npm run db:migrate` applies drizzle/ to the
// database in DATABASE_URL (a Neon connection string in production; see docs/deploy.md).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './drizzle',
  dbCredentials: { url: process.env.DATABASE_URL ?? '' },
});

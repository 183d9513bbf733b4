import { defineConfig } from "drizzle-kit";

// Migrations are generated from the schema and committed; `npm run db:migrate` applies them
// to a server, and the app applies them to PGlite itself when it opens the database.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  strict: true,
  verbose: true,
});

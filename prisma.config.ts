import { defineConfig } from 'prisma/config'

// The CLI is used for `prisma generate` only; migrations are authored and applied by
// scripts/db-migration.ts and lib/db/migrate.ts through the driver adapters (no native engine).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
})

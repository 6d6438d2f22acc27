import { db } from '@/lib/db/client'

// A fingerprint of everything the app stores: one md5 per table of the public schema over its
// rows (each row as text, in a fixed order). Two equal checksums mean no row was inserted,
// changed or deleted in between. The migrator's bookkeeping and the rate limiter's counters
// (written by design on refused sign-ins and bad invitation links) are left out.

const IGNORED = new Set(['_prisma_migrations', 'RateLimiterFlexible'])

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`

/** The app's tables, in name order (read from the catalog, so a new table is included). */
export async function appTables(): Promise<string[]> {
  const rows = await db().$queryRawUnsafe<{ name: string }[]>(
    `SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  )
  return rows.map((r) => r.name).filter((name) => !IGNORED.has(name))
}

/** Per table: `Table:<row count>:<md5 of its rows>`, joined with newlines. */
export async function databaseChecksum(): Promise<string> {
  const parts: string[] = []
  for (const table of await appTables()) {
    const [row] = await db().$queryRawUnsafe<{ n: number; md5: string }[]>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5 FROM ${quote(table)} t`,
    )
    parts.push(`${table}:${row.n}:${row.md5}`)
  }
  return parts.join('\n')
}

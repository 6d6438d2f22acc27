import { createHash } from 'node:crypto'

// Named prepared statements on PostgreSQL. An unnamed statement is parsed, analysed and planned
// at every execution; for the access loads every request runs (a membership with its user,
// workspace, plan, template, grants and teams) planning cost ten times the execution: 1.2 ms
// against 0.1 ms for an API key's load (docs/benchmarks.md, "API"). A named one is parsed once
// per connection, and after five executions PostgreSQL keeps a generic plan when it is as good
// as the custom ones. The Prisma adapter names a statement with `statementNameGenerator`.
//
// Bounded: the first MAX_NAMED distinct SQL texts get a name (the hot ones come first; texts that
// vary with their data, such as a multi-row INSERT, would otherwise prepare without end), the
// rest run unnamed as before, so each connection holds at most MAX_NAMED prepared statements.
// DATABASE_PREPARED_STATEMENTS=0 turns naming off: for a transaction-mode PgBouncer older than
// 1.21, which cannot route prepared statements.

export const MAX_NAMED = 500

export function statementNamer(max = MAX_NAMED): (query: { sql: string }) => string {
  const names = new Map<string, string>()
  return (query) => {
    let name = names.get(query.sql)
    if (name === undefined && names.size < max) {
      name = `tg_${createHash('sha1').update(query.sql).digest('hex').slice(0, 24)}`
      names.set(query.sql, name)
    }
    // Unnamed (undefined) runs as an unnamed statement; the adapter's type says string.
    return name as string
  }
}

export function preparedStatementsOn(env: Record<string, string | undefined> = process.env): boolean {
  const v = env.DATABASE_PREPARED_STATEMENTS?.trim().toLowerCase()
  return !(v === '0' || v === 'false' || v === 'off')
}

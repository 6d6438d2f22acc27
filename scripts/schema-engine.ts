// Prisma's schema engine compiled to WebAssembly, driven through a PGlite driver adapter: it
// computes migration SQL with no native binary and no database server. The shadow database it
// replays the migrations into is a fresh in-memory PGlite.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { readMigrations } from '../lib/db/migrations'

const SCHEMA_PATH = path.join(process.cwd(), 'prisma', 'schema.prisma')
const MIGRATIONS_DIR = path.join(process.cwd(), 'prisma', 'migrations')

async function loadEngine() {
  // Instantiated by hand: the package's own `import … from "./x.wasm"` needs a flag on Node 20.
  const dir = path.dirname(fileURLToPath(import.meta.resolve('@prisma/schema-engine-wasm')))
  const bytes = fs.readFileSync(path.join(dir, 'schema_engine_bg.wasm'))
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports })
  bg.__wbg_set_wasm(instance.exports)
  ;(instance.exports.__wbindgen_start as () => void)()
  return bg.SchemaEngine
}

/** An in-memory PGlite with the extensions the migrations create. */
const newPglite = () => new PGlite('memory://', { extensions: { pg_trgm } })

/** The adapter's own shadow database is a PGlite without extensions: this one has them. */
class WithExtensions extends PrismaPGlite {
  connectToShadowDb() {
    return new PrismaPGlite(newPglite()).connect()
  }
}

/** The SQL that takes a database from the state the migrations build to the schema's state. */
export async function pendingSchemaChange(): Promise<string> {
  const SchemaEngine = await loadEngine()
  const schema = fs.readFileSync(SCHEMA_PATH, 'utf8')
  const files = [{ path: SCHEMA_PATH, content: schema }]
  const adapter = bindMigrationAwareSqlAdapterFactory(new WithExtensions(newPglite()))
  const engine = await SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, () => {}, adapter)
  const migrations = readMigrations(MIGRATIONS_DIR)
  const result = await engine.diff({
    from: {
      tag: 'migrations',
      baseDir: MIGRATIONS_DIR,
      lockfile: { path: 'migration_lock.toml', content: 'provider = "postgresql"\n' },
      shadowDbInitScript: '',
      migrationDirectories: migrations.map((m) => ({
        path: m.name,
        migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.sql } },
      })),
    },
    to: { tag: 'schemaDatamodel', files },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  })
  const sql = (result as { stdout?: string }).stdout ?? ''
  return isEmptyDiff(sql) ? '' : sql
}

export function isEmptyDiff(sql: string) {
  return sql.replace(/--.*$/gm, '').trim() === ''
}

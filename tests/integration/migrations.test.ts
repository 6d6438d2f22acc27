import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrate, readMigrations } from '@/lib/db/migrations'
import { openDatabase } from '@/lib/db/open'
import { createPostgresDatabase, onPostgres, testDatabase } from '../support/setup-db'

describe('migrator', () => {
  it('records every migration as prisma migrate deploy does', async () => {
    const rows = await testDatabase().query<{
      migration_name: string
      checksum: string
      finished_at: Date | null
      applied_steps_count: number
      rolled_back_at: Date | null
      id: string
    }>('SELECT * FROM "_prisma_migrations" ORDER BY migration_name')
    const files = readMigrations()
    expect(files.length).toBeGreaterThan(0)
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name))
    for (const [i, r] of rows.entries()) {
      const sql = fs.readFileSync(path.join('prisma', 'migrations', r.migration_name, 'migration.sql'))
      expect(r.checksum).toBe(createHash('sha256').update(sql).digest('hex'))
      expect(r.checksum).toBe(files[i].checksum)
      expect(r.finished_at).toBeInstanceOf(Date)
      expect(r.rolled_back_at).toBeNull()
      expect(r.applied_steps_count).toBe(1)
      expect(r.id).toMatch(/^[0-9a-f-]{36}$/)
    }
  })

  it('applies nothing the second time', async () => {
    expect((await migrate(testDatabase())).applied).toEqual([])
  })

  it('refuses to start when an applied migration was edited', async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'f'.repeat(64) } : m))
    await expect(migrate(testDatabase(), edited)).rejects.toThrow(/was edited after it was applied/)
  })

  it('rolls a failing migration back whole and records nothing for it', async () => {
    const bad = [
      ...readMigrations(),
      { name: '99999999999999_broken', sql: 'CREATE TABLE "Half" (id int); SELECT * FROM "NoSuchTable";', checksum: 'x'.repeat(64) },
    ]
    await expect(migrate(testDatabase(), bad)).rejects.toThrow(/99999999999999_broken failed/)
    const half = await testDatabase().query<{ n: string }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'Half'`)
    expect(Number(half[0].n)).toBe(0)
    const rec = await testDatabase().query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '99999999999999_broken'`)
    expect(rec).toHaveLength(0)
    // And the connection is usable afterwards (not left inside an aborted transaction).
    expect(await testDatabase().prisma.plan.count()).toBeGreaterThanOrEqual(0)
  })

  it('lets several instances start at once: each migration is applied exactly once', async () => {
    if (onPostgres) {
      const { url, drop } = await createPostgresDatabase()
      const instances = [0, 1, 2].map(() => openDatabase({ databaseUrl: url }))
      try {
        const results = await Promise.all(instances.map((d) => migrate(d)))
        expect(results.flatMap((r) => r.applied).sort()).toEqual(readMigrations().map((m) => m.name))
        const rows = await instances[0].query<{ n: string }>('SELECT count(*) AS n FROM "_prisma_migrations"')
        expect(Number(rows[0].n)).toBe(readMigrations().length)
      } finally {
        await Promise.all(instances.map((d) => d.close()))
        await drop()
      }
    } else {
      // PGlite is one process's database: a second process is refused (see lock.test.ts);
      // here a fresh one migrates from empty and the same migrations apply exactly once.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-mig-'))
      const d = openDatabase({ pgliteDir: path.join(dir, 'db') })
      try {
        expect((await migrate(d)).applied).toEqual(readMigrations().map((m) => m.name))
        expect((await migrate(d)).applied).toEqual([])
      } finally {
        await d.close()
        fs.rmSync(dir, { recursive: true, force: true })
      }
    }
  })

  it('an upgrade fills the list copies and the seat counters from the rows already there', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tg-up-'))
    const d = openDatabase({ pgliteDir: path.join(dir, 'db') })
    const all = readMigrations()
    const at = all.findIndex((m) => m.name.endsWith('_list_sort_keys'))
    expect(at).toBeGreaterThan(0)
    try {
      await migrate(d, all.slice(0, at))
      await d.exec(`
        INSERT INTO "Plan" (id, name, "seatLimit", "enabledModules") VALUES ('p', 'P', 10, ARRAY['contacts']);
        INSERT INTO "Tenant" (id, name, slug, "planId") VALUES ('t', 'T', 't', 'p');
        INSERT INTO "User" (id, email, name, "updatedAt") VALUES ('u1', 'ada@x.test', 'Ada', now()), ('u2', 'bo@x.test', '', now()), ('u3', 'cy@x.test', 'Cy', now());
        INSERT INTO "RoleTemplate" (id, "tenantId", name, "updatedAt") VALUES ('r', 't', 'Agents', now());
        INSERT INTO "Team" (id, "tenantId", name) VALUES ('team', 't', 'Support');
        INSERT INTO "Membership" (id, "tenantId", "userId", status, "roleTemplateId", "updatedAt") VALUES
          ('m1', 't', 'u1', 'ACTIVE', 'r', now()), ('m2', 't', 'u2', 'INVITED', NULL, now()), ('m3', 't', 'u3', 'SUSPENDED', NULL, now());
        INSERT INTO "Contact" (id, "tenantId", name, "ownerId", "teamId", "updatedAt") VALUES ('c', 't', 'C', 'm1', 'team', now());`)
      expect((await migrate(d)).applied).toEqual(all.slice(at).map((m) => m.name))
      expect(await d.query(`SELECT id, email, name, "templateName" FROM "Membership" ORDER BY id`)).toEqual([
        { id: 'm1', email: 'ada@x.test', name: 'Ada', templateName: 'Agents' },
        { id: 'm2', email: 'bo@x.test', name: '', templateName: null },
        { id: 'm3', email: 'cy@x.test', name: 'Cy', templateName: null },
      ])
      expect(await d.query(`SELECT "seatsUsed", "seatsJoined" FROM "Tenant"`)).toEqual([{ seatsUsed: 3, seatsJoined: 2 }])
      expect(await d.query(`SELECT "ownerName", "teamName" FROM "Contact"`)).toEqual([{ ownerName: 'Ada', teamName: 'Support' }])
    } finally {
      await d.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

import { describe, expect, it } from 'vitest'
import { deleteMembers, setMemberStatus } from '@/app/(app)/settings/users/actions'
import { db } from '@/lib/db/client'
import { AUDIT_COUNT_CAP, auditActions, exportAudit, listAudit, recordAudit, type AuditInput } from '@/lib/db/audit'
import { parseAuditQuery } from '@/lib/validation/audit'
import { accessOf, createWorkspace } from '../support/fixtures'

// The audit log on a real database: append-only in the database itself (a trigger), retained
// after its actor leaves, and read back per workspace with filters, pages and the export.

const APPEND_ONLY = /append-only/

/** An event written as the app writes them (createdAt: now). */
async function record(tenantId: string, e: Partial<AuditInput> = {}) {
  await recordAudit([
    {
      tenantId,
      actorId: null,
      actorEmail: 'someone@example.test',
      action: 'member.update',
      targetType: 'member',
      targetId: 'm-1',
      summary: 'Changed a member',
      before: { status: 'ACTIVE' },
      after: { status: 'SUSPENDED' },
      ...e,
    },
  ])
  return db().auditEvent.findFirstOrThrow({ where: { tenantId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
}

type Seed = { at: string; actor?: string; action?: string; targetId?: string; targetType?: string; summary?: string }
/** Events at chosen times (inserting is what the log allows). Returns their ids in the given order. */
async function seed(tenantId: string, rows: Seed[]) {
  const ids: string[] = []
  for (const r of rows) {
    const e = await db().auditEvent.create({
      data: {
        tenantId,
        actorEmail: r.actor ?? 'owner@acme.test',
        action: r.action ?? 'member.update',
        targetType: r.targetType ?? 'member',
        targetId: r.targetId ?? null,
        summary: r.summary ?? 'Something happened',
        createdAt: new Date(r.at),
      },
    })
    ids.push(e.id)
  }
  return ids
}
const q = (params: Record<string, string> = {}) => parseAuditQuery({ size: '100', ...params })
const listIds = async (tenantId: string, params: Record<string, string> = {}) => (await listAudit(tenantId, q(params))).rows.map((r) => r.id)

describe('the audit log is append-only in the database', () => {
  it('update, updateMany, delete, deleteMany and raw SQL are refused; the row is unchanged', async () => {
    const { tenant } = await createWorkspace()
    const e = await record(tenant.id)
    const attempts: [string, () => Promise<unknown>][] = [
      ['update', () => db().auditEvent.update({ where: { id: e.id }, data: { summary: 'rewritten' } })],
      ['updateMany', () => db().auditEvent.updateMany({ where: { tenantId: tenant.id }, data: { actorEmail: 'nobody@example.test' } })],
      ['delete', () => db().auditEvent.delete({ where: { id: e.id } })],
      ['deleteMany', () => db().auditEvent.deleteMany({ where: { tenantId: tenant.id } })],
      ['raw UPDATE', () => db().$executeRawUnsafe(`UPDATE "AuditEvent" SET summary = 'rewritten' WHERE id = $1`, e.id)],
      ['raw DELETE', () => db().$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE id = $1`, e.id)],
      ['in a transaction', () => db().$transaction(async (tx) => tx.auditEvent.update({ where: { id: e.id }, data: { after: { a: 3 } } }))],
    ]
    for (const [name, attempt] of attempts) await expect(attempt(), name).rejects.toThrow(APPEND_ONLY)
    expect(await db().auditEvent.findUniqueOrThrow({ where: { id: e.id } })).toEqual(e)
    expect(await db().auditEvent.count({ where: { tenantId: tenant.id } })).toBe(1)
  })

  it('a workspace with history cannot be deleted by cascade either', async () => {
    const { tenant } = await createWorkspace()
    await record(tenant.id)
    await expect(db().tenant.delete({ where: { id: tenant.id } })).rejects.toThrow(APPEND_ONLY)
    expect(await db().tenant.count({ where: { id: tenant.id } })).toBe(1)
    expect(await db().auditEvent.count({ where: { tenantId: tenant.id } })).toBe(1)
  })

  it('events stay after their actor’s membership and user are deleted, with the actor’s email', async () => {
    const ws = await createWorkspace()
    const [owner, actor] = [await ws.add({ role: 'OWNER' }), await ws.add({ role: 'ADMIN' })]
    const target = await ws.add()
    expect((await setMemberStatus.run(await accessOf(actor), { memberIds: [target.id], status: 'SUSPENDED' })).ok).toBe(true)
    expect((await deleteMembers.run(await accessOf(owner), { memberIds: [actor.id] })).ok).toBe(true)
    expect(await db().membership.count({ where: { id: actor.id } })).toBe(0)
    await db().user.delete({ where: { id: actor.userId } })

    const byActor = await listAudit(ws.tenant.id, q({ actor: actor.email }))
    expect(byActor.rows.map((r) => [r.action, r.actorId, r.actorEmail, r.targetId])).toEqual([['member.suspend', actor.userId, actor.email, target.id]])
    expect((await listAudit(ws.tenant.id, q({ action: 'member.delete' }))).rows.map((r) => [r.actorEmail, r.targetId])).toEqual([[owner.email, actor.id]])
  })
})

describe('listAudit and exportAudit', () => {
  async function fixture() {
    const ws = await createWorkspace()
    const ids = await seed(ws.tenant.id, [
      { at: '2026-01-09T23:59:59.999Z', actor: 'Alice.Admin@acme.test', action: 'member.invite', targetId: 'm-1' },
      { at: '2026-01-10T00:00:00.000Z', actor: 'bob@acme.test', action: 'member.update', targetId: 'm-2' },
      { at: '2026-01-10T12:00:00.000Z', actor: 'alice.admin@acme.test', action: 'team.create', targetId: 't-1', targetType: 'team' },
      { at: '2026-01-10T23:59:59.999Z', actor: 'carol@acme.test', action: 'member', targetId: 'm-1' },
      { at: '2026-01-11T00:00:00.000Z', actor: 'bob@acme.test', action: 'member.update', targetId: 'm-1' },
      { at: '2026-01-12T08:00:00.000Z', actor: 'ALICE.admin@acme.test', action: 'role.update', targetId: 'r-1', targetType: 'role' },
    ])
    // Another workspace, with look-alike events on the same days.
    const other = await createWorkspace()
    await seed(other.tenant.id, [
      { at: '2026-01-10T12:00:00.000Z', actor: 'alice.admin@acme.test', action: 'member.update', targetId: 'm-1' },
      { at: '2026-01-11T12:00:00.000Z', actor: 'bob@acme.test', action: 'foreign.only', targetId: 'm-2' },
    ])
    const [a9, b10, a10, c10, b11, a12] = ids
    return { tenantId: ws.tenant.id, otherId: other.tenant.id, ids: { a9, b10, a10, c10, b11, a12 } }
  }

  it('newest first; filters by actor, action (exact or prefix), target and UTC days; same rows in the export', async () => {
    const { tenantId, ids: e } = await fixture()
    const cases: [Record<string, string>, string[]][] = [
      [{}, [e.a12, e.b11, e.c10, e.a10, e.b10, e.a9]],
      [{ actor: 'ALICE' }, [e.a12, e.a10, e.a9]],
      [{ actor: 'bob@acme' }, [e.b11, e.b10]],
      [{ actor: 'nobody' }, []],
      [{ action: 'member.update' }, [e.b11, e.b10]],
      [{ action: 'member.' }, [e.b11, e.b10, e.a9]],
      [{ action: 'member' }, [e.c10]],
      [{ action: 'team.create' }, [e.a10]],
      [{ target: 'm-1' }, [e.b11, e.c10, e.a9]],
      [{ target: 'r-1' }, [e.a12]],
      [{ from: '2026-01-10', to: '2026-01-10' }, [e.c10, e.a10, e.b10]],
      [{ from: '2026-01-10', to: '2026-01-11' }, [e.b11, e.c10, e.a10, e.b10]],
      [{ from: '2026-01-11' }, [e.a12, e.b11]],
      [{ to: '2026-01-09' }, [e.a9]],
      [{ from: '2026-01-13' }, []],
      [{ actor: 'bob', action: 'member.update', target: 'm-1', from: '2026-01-11', to: '2026-01-11' }, [e.b11]],
    ]
    for (const [params, expected] of cases) {
      const r = await listAudit(tenantId, q(params))
      expect({ params, ids: r.rows.map((x) => x.id), total: r.total }).toEqual({ params, ids: expected, total: expected.length })
      expect({ params, ids: (await exportAudit(tenantId, q(params))).map((x) => x.id) }).toEqual({ params, ids: expected })
    }
  })

  it('never shows another workspace’s events; the action filter lists this workspace’s actions only', async () => {
    const { tenantId, otherId, ids: e } = await fixture()
    const theirs = (await db().auditEvent.findMany({ where: { tenantId: otherId } })).map((x) => x.id)
    expect(theirs).toHaveLength(2)
    // Each filter matches one of the other workspace's events too.
    const cases: [Record<string, string>, string[]][] = [
      [{ actor: 'alice' }, [e.a12, e.a10, e.a9]],
      [{ action: 'foreign.only' }, []],
      [{ target: 'm-2' }, [e.b10]],
      [{ from: '2026-01-11', to: '2026-01-11' }, [e.b11]],
    ]
    for (const [params, expected] of cases) {
      expect({ params, list: await listIds(tenantId, params), export: (await exportAudit(tenantId, q(params))).map((x) => x.id) }).toEqual({
        params,
        list: expected,
        export: expected,
      })
    }
    expect((await listIds(otherId)).sort()).toEqual([...theirs].sort())
    expect(await auditActions(tenantId)).toEqual(['member', 'member.invite', 'member.update', 'role.update', 'team.create'])
    expect(await auditActions(otherId)).toEqual(['foreign.only', 'member.update'])
  })

  it('pages through the log with a stable total; a page past the end shows the last one', async () => {
    const { tenant } = await createWorkspace()
    const start = Date.parse('2026-03-01T00:00:00.000Z')
    const ids = await seed(
      tenant.id,
      Array.from({ length: 60 }, (_, i) => ({ at: new Date(start + i * 60_000).toISOString(), action: i % 2 ? 'member.update' : 'team.create' })),
    )
    const newestFirst = [...ids].reverse()
    const page = (n: string, size = '25', extra: Record<string, string> = {}) => listAudit(tenant.id, parseAuditQuery({ page: n, size, ...extra }))
    const [p1, p2, p3, p9] = [await page('1'), await page('2'), await page('3'), await page('9')]
    expect([p1, p2, p3, p9].map((p) => [p.page, p.total, p.rows.length])).toEqual([
      [1, 60, 25],
      [2, 60, 25],
      [3, 60, 10],
      [3, 60, 10],
    ])
    expect([...p1.rows, ...p2.rows, ...p3.rows].map((r) => r.id)).toEqual(newestFirst)
    expect(p9.rows.map((r) => r.id)).toEqual(p3.rows.map((r) => r.id))
    const filtered = await page('2', '25', { action: 'team.create' })
    expect([filtered.page, filtered.total, filtered.rows.map((r) => r.id)]).toEqual([2, 30, newestFirst.filter((_, i) => i % 2 === 1).slice(25)])
    expect(parseAuditQuery({ size: '7', page: '-2' })).toMatchObject({ size: 50, page: 1 })
    expect((await exportAudit(tenant.id, q())).map((r) => r.id)).toEqual(newestFirst)
  })

  it('pages by keyset: Next and Previous follow the cursors, Last reads from the end, ties in one instant keep their order', async () => {
    const { tenant } = await createWorkspace()
    const start = Date.parse('2026-04-01T00:00:00.000Z')
    // 63 events, in groups of three in the same millisecond: the id breaks the tie.
    await seed(
      tenant.id,
      Array.from({ length: 63 }, (_, i) => ({ at: new Date(start + Math.floor(i / 3) * 1000).toISOString() })),
    )
    const all = (
      await db().auditEvent.findMany({ where: { tenantId: tenant.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true } })
    ).map((e) => e.id)
    const p = (params: Record<string, string>) => listAudit(tenant.id, parseAuditQuery({ size: '25', ...params }))
    const pages: string[][] = []
    let at = await p({})
    pages.push(at.rows.map((r) => r.id))
    while (at.page * 25 < at.total) {
      at = await p({ page: String(at.page + 1), after: at.cursors.next! })
      pages.push(at.rows.map((r) => r.id))
    }
    expect(pages).toEqual([all.slice(0, 25), all.slice(25, 50), all.slice(50)])
    const back = await p({ page: '2', before: at.cursors.prev! })
    expect([back.page, back.rows.map((r) => r.id)]).toEqual([2, all.slice(25, 50)])
    const last = await p({ page: '3', before: 'end' })
    expect([last.page, last.exact, last.rows.map((r) => r.id)]).toEqual([3, true, all.slice(50)])
  })

  it(`counts up to ${AUDIT_COUNT_CAP.toLocaleString('en')} entries and says "more" past them; Next still pages on`, async () => {
    const { tenant } = await createWorkspace()
    const start = Date.parse('2025-01-01T00:00:00.000Z')
    await db().auditEvent.createMany({
      data: Array.from({ length: AUDIT_COUNT_CAP + 5 }, (_, i) => ({
        tenantId: tenant.id,
        actorEmail: 'bulk@acme.test',
        action: 'member.update',
        targetType: 'member',
        summary: `event ${i}`,
        createdAt: new Date(start + i * 1000),
      })),
    })
    const first = await listAudit(tenant.id, parseAuditQuery({ size: '100' }))
    expect([first.total, first.exact, first.rows.length]).toEqual([AUDIT_COUNT_CAP + 1, false, 100])
    expect(first.rows[0].summary).toBe(`event ${AUDIT_COUNT_CAP + 4}`)
    const next = await listAudit(tenant.id, parseAuditQuery({ size: '100', page: '2', after: first.cursors.next! }))
    expect([next.page, next.rows[0].summary]).toEqual([2, `event ${AUDIT_COUNT_CAP - 96}`])
    // A filter that matches fewer is counted exactly.
    await record(tenant.id, { action: 'member.delete' })
    const few = await listAudit(tenant.id, parseAuditQuery({ action: 'member.delete' }))
    expect([few.total, few.exact]).toEqual([1, true])
  })

  it('the actor filter takes % and _ literally, not as LIKE wildcards', async () => {
    const { tenant } = await createWorkspace()
    const [underscore] = await seed(tenant.id, [
      { at: '2026-01-10T10:00:00.000Z', actor: 'first_last@acme.test' },
      { at: '2026-01-10T11:00:00.000Z', actor: 'firstXlast@acme.test' },
    ])
    const matches = { first_last: await listIds(tenant.id, { actor: 'first_last' }), percent: await listIds(tenant.id, { actor: '%' }) }
    expect(matches).toEqual({ first_last: [underscore], percent: [] })
  })

  it('an impossible date in the URL is ignored rather than failing the page', async () => {
    const { tenantId, ids: e } = await fixture()
    // Each passes the YYYY-MM-DD pattern; none is a day. Expected: the filter is dropped, as
    // for any other malformed value, so all 6 events show.
    const outcomes: Record<string, number | string> = {}
    for (const day of ['2026-02-30', '2026-13-01', '2026-00-10']) {
      for (const key of ['from', 'to']) {
        outcomes[`${key}=${day}`] = await listAudit(tenantId, q({ [key]: day })).then(
          (r) => r.total,
          (err: Error) => `throws: ${err.message.trim().split('\n').at(-1)?.slice(0, 90)}`,
        )
      }
    }
    outcomes['export from=2026-13-01'] = await exportAudit(tenantId, q({ from: '2026-13-01' })).then(
      (r) => r.length,
      (err: Error) => `throws: ${err.message.trim().split('\n').at(-1)?.slice(0, 90)}`,
    )
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(outcomes).map((k) => [k, 6])))
    expect((await listAudit(tenantId, q({ from: '10/01/2026' }))).rows.map((r) => r.id)).toContain(e.a9)
  })
})

describe('the names behind the ids a page of the log holds', () => {
  it('resolves role templates, teams and members of the page’s rows, in this workspace only; gone ones are left out', async () => {
    const { tenant, add } = await createWorkspace()
    const other = await createWorkspace()
    const tpl = await db().roleTemplate.create({ data: { tenantId: tenant.id, name: 'Support agent' } })
    const unused = await db().roleTemplate.create({ data: { tenantId: tenant.id, name: 'Not on this page' } })
    const foreign = await db().roleTemplate.create({ data: { tenantId: other.tenant.id, name: 'Elsewhere' } })
    const team = await db().team.create({ data: { tenantId: tenant.id, name: 'Sales' } })
    const heir = await add({ email: `heir-${tenant.id}@example.test` })
    await record(tenant.id, { action: 'member.template', before: { roleTemplateId: tpl.id }, after: { roleTemplateId: 'tpl_deleted' } })
    await record(tenant.id, { action: 'role.create', after: { name: 'Copy', copiedFrom: foreign.id } })
    await record(tenant.id, { action: 'member.delete', before: { status: 'ACTIVE' }, after: { contacts: 'team', contactsTo: team.id } })
    await record(tenant.id, { action: 'member.delete', before: { status: 'ACTIVE' }, after: { contacts: 'member', contactsTo: heir.id } })
    const { names } = await listAudit(tenant.id, q())
    expect(new Map(names.map((n) => [n.id, n.name]))).toEqual(
      new Map([
        [tpl.id, 'Support agent'],
        [team.id, 'Sales'],
        [heir.id, heir.email],
      ]),
    )
    expect(names.map((n) => n.id)).not.toContain(unused.id)
  })
})

import { describe, expect, it } from 'vitest'
import { db } from '@/lib/db/client'
import { encodeCursor } from '@/lib/db/paging'
import { callApi, expectProblem, makeKey } from '../support/api'
import { accessOf, createWorkspace } from '../support/fixtures'

// The audit log in the REST API (lib/api/routes/audit.ts): newest first, every event once through
// the cursor (nextCursor null at the end, never a jump back to the last page as the page does),
// the page's filters validated, the key named as the actor of what it did, other workspaces apart.

async function setup() {
  const ws = await createWorkspace({ plan: 'business' })
  const owner = await ws.add({ role: 'OWNER', crmAccess: true })
  const key = async (permissions: string[], name = 'SIEM export') => makeKey(await accessOf(owner), permissions, name)
  return { ws, owner, key }
}

/** Events at given instants (several at one instant: ties are broken by id). */
async function seed(tenantId: string, rows: { at: string; action?: string; actorEmail?: string; targetId?: string }[]) {
  await db().auditEvent.createMany({
    data: rows.map((r, i) => ({
      tenantId,
      actorId: null,
      actorEmail: r.actorEmail ?? 'someone@example.test',
      action: r.action ?? 'team.create',
      targetType: r.action?.split('.')[0] ?? 'team',
      targetId: r.targetId ?? `t${i}`,
      summary: `Event ${i}`,
      createdAt: new Date(r.at),
    })),
  })
}

type Event = { id: string; createdAt: string; action: string; actorEmail: string; actorKeyId: string | null; actorId: string | null; targetId: string }
type Page = { data: Event[]; total: number; totalExact: boolean; nextCursor: string | null }
const page = async (res: Response) => {
  expect(res.status).toBe(200)
  return (await res.json()) as Page
}

/** Every event through the cursor, `limit` at a time. */
async function readAll(secret: string, query: string, limit: number) {
  const seen: Event[] = []
  let cursor: string | null = null
  let slices = 0
  do {
    const p = await page(await callApi('GET', `/api/v1/audit-events?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`, { secret }))
    seen.push(...p.data)
    cursor = p.nextCursor
    slices++
  } while (cursor && slices < 50)
  return { seen, slices }
}

describe('GET /api/v1/audit-events', () => {
  it('reads every event once, newest first, and ends with a null cursor on a full last slice', async () => {
    const { ws, key } = await setup()
    const instants = ['2026-03-01T10:00:00.000Z', '2026-03-02T10:00:00.000Z', '2026-03-03T10:00:00.000Z']
    // Making the key is an event of its own; with eight more, three at two instants: nine.
    const { secret } = await key(['audit.view'])
    await seed(
      ws.tenant.id,
      instants.flatMap((at, i) => (i === 2 ? [{ at }, { at }] : [{ at }, { at }, { at }])),
    )
    const all = await db().auditEvent.findMany({ where: { tenantId: ws.tenant.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true } })
    expect(all).toHaveLength(9)

    const { seen, slices } = await readAll(secret, '', 3)
    expect(slices).toBe(3)
    expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id))
    const four = await readAll(secret, '', 4)
    expect(four.slices).toBe(3)
    expect(four.seen.map((e) => e.id)).toEqual(all.map((e) => e.id))

    // A cursor past the last event is an empty slice, not the last page again.
    const last = await db().auditEvent.findFirstOrThrow({ where: { id: all.at(-1)!.id } })
    const past = await page(await callApi('GET', `/api/v1/audit-events?cursor=${encodeCursor(last.createdAt.toISOString(), last.id)}`, { secret }))
    expect(past).toEqual({ data: [], total: 9, totalExact: true, nextCursor: null })
  })

  it('filters as the audit page does: action or kind of action, actor, target, days', async () => {
    const { ws, key } = await setup()
    await seed(ws.tenant.id, [
      { at: '2026-03-01T08:00:00.000Z', action: 'role.create', actorEmail: 'ann@example.test', targetId: 'r1' },
      { at: '2026-03-01T23:59:59.999Z', action: 'role.update', actorEmail: 'bob@example.test', targetId: 'r1' },
      { at: '2026-03-02T00:00:00.000Z', action: 'team.create', actorEmail: 'ann@example.test', targetId: 't1' },
      { at: '2026-03-05T12:00:00.000Z', action: 'role.delete', actorEmail: 'bob@example.test', targetId: 'r2' },
    ])
    const { secret } = await key(['audit.view'])
    const actions = async (q: string) => (await readAll(secret, q, 2)).seen.map((e) => e.action)
    expect(await actions('&action=role.update')).toEqual(['role.update'])
    expect(await actions('&action=role.')).toEqual(['role.delete', 'role.update', 'role.create'])
    expect(await actions('&actor=ANN')).toEqual(['team.create', 'role.create'])
    expect(await actions('&target=r1')).toEqual(['role.update', 'role.create'])
    expect(await actions('&from=2026-03-01&to=2026-03-01')).toEqual(['role.update', 'role.create'])
    expect(await actions('&from=2026-03-02&action=role.')).toEqual(['role.delete'])
    const filtered = await page(await callApi('GET', '/api/v1/audit-events?actor=bob&limit=1', { secret }))
    expect(filtered).toMatchObject({ total: 2, totalExact: true, nextCursor: expect.any(String) })

    for (const [q, parameter] of [
      ['from=2026-02-30', 'from'],
      ['to=yesterday', 'to'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['cursor=abc', 'cursor'],
      ['colour=red', ''],
    ] as const) {
      const bad = await expectProblem(await callApi('GET', `/api/v1/audit-events?${q}`, { secret }), 422, 'invalid_request')
      if (parameter) expect(bad.errors, q).toEqual([expect.objectContaining({ parameter })])
      else expect(bad.errors?.[0].detail).toMatch(/colour/)
    }
  })

  it('names a key as the actor of what it did, and shows no other workspace’s events', async () => {
    const { ws, key } = await setup()
    const other = await createWorkspace()
    await seed(other.tenant.id, [{ at: '2026-03-01T08:00:00.000Z' }])
    const writer = await key(['teams.create'], 'Directory sync')
    expect((await callApi('POST', '/api/v1/teams', { secret: writer.secret, body: { name: 'North' } })).status).toBe(201)
    const { secret } = await key(['audit.view'])
    const events = await page(await callApi('GET', '/api/v1/audit-events?actor=API%20key', { secret }))
    const created = events.data.find((e) => e.action === 'team.create')
    expect(created).toMatchObject({ actorKeyId: writer.id, actorId: null, actorEmail: 'API key Directory sync' })
    const everything = await readAll(secret, '', 100)
    expect(everything.seen.length).toBeGreaterThan(0)
    const tenants = await db().auditEvent.findMany({ where: { id: { in: everything.seen.map((e) => e.id) } }, select: { tenantId: true } })
    expect(new Set(tenants.map((t) => t.tenantId))).toEqual(new Set([ws.tenant.id]))
  })

  it('needs audit.view', async () => {
    const { key } = await setup()
    const { secret } = await key(['users.view'])
    await expectProblem(await callApi('GET', '/api/v1/audit-events', { secret }), 403, 'forbidden')
  })
})

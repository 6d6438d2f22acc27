import { beforeAll, describe, expect, it } from 'vitest'
import type { Access } from '@/lib/authz/access'
import { db } from '@/lib/db/client'
import { contactScopeWhere, exportContacts, listContacts, loadContactsPage } from '@/lib/db/contacts'
import { listOwnerOptions, listPickers } from '@/lib/db/pickers'
import type { Prisma } from '@/lib/db/generated/client'
import { likeText } from '@/lib/db/like'
import { CONTACT_SORTS, parseContactQuery, type ContactQuery } from '@/lib/validation/contacts'
import { accessFor, createWorkspace } from '../support/fixtures'

// The contacts list reads a page in one SQL statement: the scope rendered as SQL from the same
// `where` the writes use, the owner's and team's names from the contact's own copies (kept by
// triggers), keyset paging. The oracle is the ORM query over the original tables with the scope
// as a Prisma `where`: for every viewer, sort, direction and filter, and whether pages are
// reached by number, by Next and Previous or as the last page, both return the same contacts in
// the same order, and the same total.

function oracleWhere(access: Access, q: ContactQuery): Prisma.ContactWhereInput {
  const and: Prisma.ContactWhereInput[] = [contactScopeWhere(access, 'contacts.view') ?? { id: '' }]
  if (q.q) and.push({ OR: [{ name: { contains: likeText(q.q), mode: 'insensitive' } }, { email: { contains: likeText(q.q), mode: 'insensitive' } }] })
  if (q.owner) and.push({ ownerId: q.owner === 'none' ? null : q.owner === 'me' ? access.membershipId : q.owner })
  if (q.team) and.push({ teamId: q.team === 'none' ? null : q.team })
  return { AND: and }
}
function oracleOrder(q: ContactQuery): Prisma.ContactOrderByWithRelationInput[] {
  const by: Record<ContactQuery['sort'], Prisma.ContactOrderByWithRelationInput> = {
    name: { name: q.dir },
    email: { email: { sort: q.dir, nulls: 'last' } },
    owner: { owner: { user: { name: q.dir } } },
    team: { team: { name: q.dir } },
    created: { createdAt: q.dir },
  }
  return [by[q.sort], { id: q.dir }]
}
async function oracle(access: Access, q: ContactQuery) {
  const where = oracleWhere(access, q)
  const rows = await db().contact.findMany({
    where,
    orderBy: oracleOrder(q),
    select: { id: true, name: true, email: true, createdAt: true, owner: { select: { id: true, user: { select: { name: true, email: true } } } }, team: true },
  })
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    email: c.email,
    owner: c.owner ? { id: c.owner.id, label: c.owner.user.name || c.owner.user.email } : null,
    team: c.team ? { id: c.team.id, name: c.team.name } : null,
    createdAt: c.createdAt.toISOString(),
  }))
}

/** Next from the first page to the last, then Previous back to the first. */
async function walk(access: Access, params: Record<string, string>) {
  const size = Number(params.size)
  const forward: string[][] = []
  let at = await listContacts(access, parseContactQuery(params))
  forward.push(at.rows.map((r) => r.id))
  while (at.page * size < at.total) {
    at = await listContacts(access, parseContactQuery({ ...params, page: String(at.page + 1), after: at.cursors.next! }))
    forward.push(at.rows.map((r) => r.id))
  }
  const backward: string[][] = [forward.at(-1)!]
  while (at.page > 1) {
    at = await listContacts(access, parseContactQuery({ ...params, page: String(at.page - 1), before: at.cursors.prev! }))
    backward.unshift(at.rows.map((r) => r.id))
  }
  return { forward, backward }
}

const chunks = (ids: string[], size: number) =>
  Array.from({ length: Math.max(1, Math.ceil(ids.length / size)) }, (_, i) => ids.slice(i * size, i * size + size))

let viewers: Record<string, Access>
let ids: { t1: string; t2: string; owner: string }
beforeAll(async () => {
  const ws = await createWorkspace()
  const tenantId = ws.tenant.id
  const admin = await ws.add({ role: 'ADMIN', email: `admin@${ws.tag}.test` })
  const teamViewer = await ws.add({ crmAccess: true, permissions: ['contacts.view.team'], email: `zed@${ws.tag}.test` })
  const ownViewer = await ws.add({ crmAccess: true, permissions: ['contacts.view.own', 'contacts.view.unassigned'], email: `amy@${ws.tag}.test` })
  await ws.add({ crmAccess: false, email: `nocrm@${ws.tag}.test` })
  const owners = [
    teamViewer,
    ownViewer,
    ...(await Promise.all(['bo', 'cy', ''].map((n, i) => ws.add({ crmAccess: true, email: `${n || 'nameless'}${i}@${ws.tag}.test` })))),
  ]
  await db().user.update({ where: { id: owners.at(-1)!.userId }, data: { name: '' } })
  const [t1, t2] = await Promise.all(['alpha', 'beta'].map((name) => db().team.create({ data: { tenantId, name } })))
  await db().teamMember.createMany({
    data: [
      { teamId: t1.id, membershipId: teamViewer.id },
      { teamId: t1.id, membershipId: owners[2].id },
    ],
  })
  const start = Date.parse('2026-05-01T00:00:00.000Z')
  for (let i = 0; i < 31; i++) {
    await db().contact.create({
      data: {
        tenantId,
        // Shared names and instants (ties broken by id), empty emails, a literal underscore.
        name: i === 7 ? 'under_score' : ['kim', 'lee', 'park', 'blue'][i % 4],
        email: i % 5 === 0 ? null : `c${String((i * 7) % 31).padStart(2, '0')}@client.test`,
        ownerId: i % 6 === 0 ? null : owners[i % owners.length].id,
        teamId: i % 3 === 0 ? null : i % 3 === 1 ? t1.id : t2.id,
        createdAt: new Date(start + Math.floor(i / 2) * 60_000),
      },
    })
  }
  const other = await createWorkspace()
  await db().contact.create({ data: { tenantId: other.tenant.id, name: 'kim', email: 'c00@client.test' } })
  viewers = { admin: await accessFor(admin), team: await accessFor(teamViewer), ownAndUnassigned: await accessFor(ownViewer) }
  ids = { t1: t1.id, t2: t2.id, owner: owners[2].id }
})

describe('listContacts', () => {
  it('returns what the ORM query returns, for every viewer, sort and direction, by number, by Next and Previous, and as the last page', async () => {
    for (const [who, access] of Object.entries(viewers)) {
      for (const sort of CONTACT_SORTS) {
        for (const dir of ['asc', 'desc'] as const) {
          const params = { sort, dir, size: '10' }
          const want = await oracle(access, parseContactQuery(params))
          const pages = chunks(
            want.map((c) => c.id),
            10,
          )
          const { forward, backward } = await walk(access, params)
          expect({ who, sort, dir, forward, backward }).toEqual({ who, sort, dir, forward: pages, backward: pages })
          for (const [i, page] of pages.entries()) {
            const byNumber = await listContacts(access, parseContactQuery({ ...params, page: String(i + 1) }))
            expect({ who, sort, dir, page: i + 1, rows: byNumber.rows, total: byNumber.total }).toEqual({
              who,
              sort,
              dir,
              page: i + 1,
              rows: want.slice(i * 10, i * 10 + 10),
              total: want.length,
            })
            expect(page).toHaveLength(byNumber.rows.length)
          }
          const last = await listContacts(access, parseContactQuery({ ...params, page: String(pages.length), before: 'end' }))
          expect({ who, sort, dir, last: last.rows.map((r) => r.id) }).toEqual({ who, sort, dir, last: pages.at(-1) })
        }
      }
    }
  })

  it('filters and searches like the ORM query, taking % and _ literally', async () => {
    const filters: Record<string, string>[] = [
      { q: 'LEE' },
      { q: '_' },
      { q: '%' },
      { q: 'client.test', sort: 'email', dir: 'desc' },
      { owner: 'me' },
      { owner: 'none', sort: 'team' },
      { team: 'none', sort: 'owner' },
      { q: 'blue', team: 'T1' },
      { owner: 'OWNER', sort: 'created', dir: 'desc' },
    ]
    for (const [who, access] of Object.entries(viewers)) {
      for (const raw of filters) {
        const filter = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === 'T1' ? ids.t1 : v === 'OWNER' ? ids.owner : v]))
        const params = { ...filter, size: '10' }
        const want = (await oracle(access, parseContactQuery(params))).map((c) => c.id)
        const { forward } = await walk(access, params)
        expect({ who, filter: raw, ids: forward.flat() }).toEqual({ who, filter: raw, ids: want })
        expect({ who, filter: raw, export: (await exportContacts(access, parseContactQuery(params))).map((c) => c.id) }).toEqual({
          who,
          filter: raw,
          export: want,
        })
      }
    }
    const underscore = await listContacts(viewers.admin, parseContactQuery({ q: '_' }))
    expect(underscore.rows.map((r) => r.name)).toEqual(['under_score'])
  })

  it('reads the page and its owner and team pickers in one call, the same as the separate reads', async () => {
    for (const access of Object.values(viewers)) {
      const params = parseContactQuery({ sort: 'owner', size: '10' })
      const page = await loadContactsPage(access, params)
      expect(page.list).toEqual(await listContacts(access, params))
      expect(page.owners).toEqual(await listOwnerOptions(access.tenantId))
      expect(page.teams).toEqual((await listPickers(access.tenantId)).teams)
      // Owners are members who can see contacts: not the member without CRM access.
      expect(page.owners.map((o) => o.label)).not.toContain('nocrm')
    }
  })

  it('keeps the owner and team names it sorts by in step with renames and deletions', async () => {
    const ws = await createWorkspace()
    const admin = await accessFor(await ws.add({ role: 'ADMIN' }))
    const owner = await ws.add({ crmAccess: true })
    const team = await db().team.create({ data: { tenantId: ws.tenant.id, name: 'old team' } })
    const c = await db().contact.create({ data: { tenantId: ws.tenant.id, name: 'x', ownerId: owner.id, teamId: team.id } })
    const copies = () => db().contact.findUniqueOrThrow({ where: { id: c.id }, select: { ownerName: true, teamName: true } })
    expect(await copies()).toEqual({ ownerName: owner.email.split('@')[0], teamName: 'old team' })
    await db().user.update({ where: { id: owner.userId }, data: { name: 'Renamed Owner' } })
    await db().team.update({ where: { id: team.id }, data: { name: 'new team' } })
    expect(await copies()).toEqual({ ownerName: 'Renamed Owner', teamName: 'new team' })
    await db().contact.update({ where: { id: c.id }, data: { ownerName: 'forged', teamName: 'forged' } })
    expect(await copies()).toEqual({ ownerName: 'Renamed Owner', teamName: 'new team' })
    await db().membership.delete({ where: { id: owner.id } })
    await db().team.delete({ where: { id: team.id } })
    expect(await copies()).toEqual({ ownerName: null, teamName: null })
    const listed = await listContacts(admin, parseContactQuery({ sort: 'owner' }))
    expect(listed.rows.map((r) => [r.id, r.owner, r.team])).toEqual([[c.id, null, null]])
  })
})

import { afterAll, beforeAll, vi } from 'vitest'
import { randomBytes } from 'node:crypto'
import { hashPassword } from '@/lib/auth/password'
import { Access, type BaseRole, type MembershipStatus } from '@/lib/authz/access'
import type { AccessState } from '@/lib/authz/get-access'
import { loadAccessInput } from '@/lib/db/access-input'
import { db } from '@/lib/db/client'
import { Prisma } from '@/lib/db/generated/client'
import { PLANS } from '@/lib/db/seed'
import type { ActionResult } from '@/lib/authz/result'

export const PASSWORD = 'correct horse battery'
let passwordHash: Promise<string> | undefined

/** An action's result that must be a failure (else the test fails with what came back). */
export function failure<T>(r: ActionResult<T>) {
  if (r.ok) throw new Error(`expected the action to fail, it returned ${JSON.stringify(r)}`)
  return r
}
/** An action's result that must be a success. */
export function success<T>(r: ActionResult<T>) {
  if (!r.ok) throw new Error(`expected the action to succeed, it returned ${JSON.stringify(r)}`)
  return r
}

// Once per database (each test file has its own): createWorkspace calls this every time.
const plansReady = new WeakMap<object, Promise<void>>()
export function ensurePlans(): Promise<void> {
  const client = db()
  let ready = plansReady.get(client)
  if (!ready) {
    ready = (async () => {
      for (const p of PLANS) await client.plan.upsert({ where: { id: p.id }, create: p, update: {} })
    })()
    plansReady.set(client, ready)
  }
  return ready
}

export type MemberSpec = { role?: BaseRole; status?: MembershipStatus; crmAccess?: boolean; permissions?: string[]; templateId?: string | null; email?: string }

/** A workspace of its own for one test: unique slug and emails, so tests never collide. */
export async function createWorkspace(opts: { plan?: string; name?: string } = {}) {
  await ensurePlans()
  const tag = randomBytes(4).toString('hex')
  const tenant = await db().tenant.create({ data: { name: opts.name ?? `Test ${tag}`, slug: `t-${tag}`, planId: opts.plan ?? 'business' } })
  const add = async (spec: MemberSpec = {}) => {
    passwordHash ??= hashPassword(PASSWORD)
    const email = spec.email ?? `${randomBytes(5).toString('hex')}@${tag}.test`
    const user = await db().user.upsert({ where: { email }, create: { email, name: email.split('@')[0], passwordHash: await passwordHash }, update: {} })
    const m = await db().membership.create({
      data: {
        tenantId: tenant.id,
        userId: user.id,
        baseRole: spec.role ?? 'MEMBER',
        status: spec.status ?? 'ACTIVE',
        crmAccess: spec.crmAccess ?? false,
        roleTemplateId: spec.templateId ?? null,
        permissions: { create: (spec.permissions ?? []).map((key) => ({ key })) },
      },
    })
    return { ...m, email, userId: user.id }
  }
  return { tenant, add, tag }
}

/** The access state a signed-in member's request would get, loaded from the database. */
export async function accessOf(member: { userId: string; tenantId: string }): Promise<AccessState> {
  const input = await loadAccessInput(member.userId, member.tenantId)
  if (!input) return { status: 'anonymous' }
  if (input.status !== 'ACTIVE') return { status: 'inactive', reason: input.status }
  return { status: 'ok', access: new Access(input) }
}

export async function accessFor(member: { userId: string; tenantId: string }): Promise<Access> {
  const s = await accessOf(member)
  if (s.status !== 'ok') throw new Error(`member is ${s.status}`)
  return s.access
}

/**
 * For a test file whose actions queue mail: no SMTP (mail stays in the outbox, where the tests
 * read the links) and no "[mail] …" log line per mail. Call once at the top of the file.
 */
export function keepMailInOutbox() {
  const saved = process.env.SMTP_URL
  beforeAll(() => {
    delete process.env.SMTP_URL
    vi.spyOn(console, 'info').mockImplementation(() => {})
  })
  afterAll(() => {
    vi.restoreAllMocks()
    if (saved !== undefined) process.env.SMTP_URL = saved
  })
}

const LINK = /\/invite\/([A-Za-z0-9_-]+)/

/** Every invitation token mailed to this address, oldest first (read from the outbox). */
export async function inviteTokens(email: string): Promise<string[]> {
  const mails = await db().outboxMail.findMany({ where: { to: email }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
  return mails.map((m) => {
    const token = LINK.exec(m.text)?.[1]
    if (!token) throw new Error(`no invitation link in the mail to ${email}`)
    return token
  })
}

/** A workspace's audit events, oldest first (of one action, if given). */
export function auditEvents(tenantId: string, action?: string) {
  return db().auditEvent.findMany({ where: { tenantId, ...(action && { action }) }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
}

export function auditCount(tenantId: string) {
  return db().auditEvent.count({ where: { tenantId } })
}

/** The version of a member an edit form would load now (its save is refused on any other). */
export async function memberVersion(memberId: string): Promise<number> {
  const m = await db().membership.findUnique({ where: { id: memberId }, select: { version: true } })
  return m?.version ?? 1
}

/**
 * Workspaces whose seat counters (Tenant.seatsUsed / seatsJoined, kept by triggers) differ from
 * a count of their memberships: [] when every counter is right. All workspaces unless ids given.
 */
export async function seatCounterDrift(tenantIds?: string[]): Promise<string[]> {
  const rows = await db().$queryRaw<{ id: string; seatsUsed: number; seatsJoined: number; used: number; joined: number }[]>`
    SELECT t.id, t."seatsUsed", t."seatsJoined",
      (SELECT count(*)::int FROM "Membership" m WHERE m."tenantId" = t.id) AS used,
      (SELECT count(*)::int FROM "Membership" m WHERE m."tenantId" = t.id AND m.status <> 'INVITED') AS joined
    FROM "Tenant" t
    WHERE ${tenantIds ? Prisma.sql`t.id IN (${Prisma.join(tenantIds)})` : Prisma.sql`TRUE`}`
  return rows
    .filter((r) => r.seatsUsed !== r.used || r.seatsJoined !== r.joined)
    .map((r) => `${r.id}: counters used ${r.seatsUsed} joined ${r.seatsJoined}, counted ${r.used} and ${r.joined}`)
}

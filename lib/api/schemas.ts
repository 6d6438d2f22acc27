import { z } from 'zod'
import { BASE_ROLES, MEMBER_STATUSES } from '@/lib/validation/members-constants'

// The shapes the API answers with, shared by its routes (the OpenAPI document names each by its
// `meta({ id })`). The request schemas are the server actions' own (lib/validation/*).

/** An id in a path: anything longer than an id is nobody's (404). */
export const idParam = z.string().min(1).max(64).describe('An id, as the API gives it.')

const ref = z.object({ id: z.string(), name: z.string() })
const when = z.iso.datetime()

export const memberSummarySchema = z
  .object({
    id: z.string().describe('The membership’s id: a person in this workspace.'),
    email: z.string(),
    name: z.string(),
    baseRole: z.enum(BASE_ROLES),
    status: z.enum(MEMBER_STATUSES),
    crmAccess: z.boolean().describe('Access to the CRM’s records (always true for owners and admins).'),
    roleTemplate: ref.nullable(),
    teams: z.array(ref),
    lastLoginAt: when.nullable(),
    createdAt: when,
    inviteExpiresAt: when.nullable().describe('For an invited member: when their newest invitation link expires.'),
  })
  .meta({ id: 'MemberSummary', description: 'A member as the members list shows them.' })

export const memberSchema = memberSummarySchema
  .extend({
    version: z.number().int().describe('Goes up with every change; the ETag is this number in quotes.'),
    permissions: z.array(z.string()).describe('Direct grants, besides the role template’s.'),
    templatePermissions: z.array(z.string()).describe('What the role template grants.'),
    invitedBy: z.object({ email: z.string(), name: z.string() }).nullable(),
    updatedAt: when,
  })
  .meta({ id: 'Member', description: 'A member of the workspace.' })

/** What a DELETE answers: the id, gone. */
export const deletedSchema = z.object({ id: z.string(), deleted: z.literal(true) }).meta({ id: 'Deleted' })

export const memberRefSchema = z
  .object({
    id: z.string().describe('The membership’s id.'),
    email: z.string(),
    name: z.string(),
    baseRole: z.enum(BASE_ROLES),
    status: z.enum(MEMBER_STATUSES),
  })
  .meta({ id: 'MemberRef', description: 'A member, as the lists of a role template’s or a team’s members name them.' })

export const roleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    permissions: z.array(z.string()).describe('The permission keys it grants (leaves of the catalog).'),
    assignees: z.number().int().describe('How many members have it.'),
    version: z.number().int().describe('Goes up with every save; the ETag is this number in quotes.'),
    createdAt: when,
    updatedAt: when,
  })
  .meta({ id: 'Role', description: 'A role template: a named set of permissions members are given.' })

export const teamSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    members: z.number().int().describe('How many members it has.'),
    contacts: z.number().int().describe('How many contacts belong to it.'),
    createdAt: when,
  })
  .meta({ id: 'Team', description: 'A team: its members reach the records of the `team` scopes.' })

export const auditEventSchema = z
  .object({
    id: z.string(),
    createdAt: when,
    action: z.string().describe('What happened, e.g. role.update.'),
    actorEmail: z.string().describe('Who acted, as the log shows it: a member’s email, or “API key <name>”.'),
    actorId: z.string().nullable().describe('The acting person’s user id; null when an API key acted.'),
    actorKeyId: z.string().nullable().describe('The API key that acted, or null.'),
    targetType: z.string(),
    targetId: z.string().nullable(),
    summary: z.string(),
    before: z.record(z.string(), z.unknown()).nullable().describe('What changed, as it was.'),
    after: z.record(z.string(), z.unknown()).nullable().describe('What changed, as it is now.'),
    ip: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent', description: 'An entry of the audit log. Entries are never changed or deleted.' })

/** A list's slice and where the next one starts. */
export function listOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      data: z.array(item),
      total: z.number().int().describe('How many match the filters.'),
      nextCursor: z.string().nullable().describe('Pass as `cursor` for the next slice; null at the end.'),
    })
    .meta({ id })
}

/** `limit` and `cursor` of a list. */
export const sliceQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25).describe('How many to return, 1 to 100 (25).'),
  cursor: z.string().max(2000).optional().describe('The `nextCursor` of the previous slice.'),
}

type Delta = z.ZodObject<{ add: z.ZodDefault<z.ZodArray<z.ZodString>>; remove: z.ZodDefault<z.ZodArray<z.ZodString>> }>

/** The members to add and remove, as the action's dialog sends them (the action's own fields): at least one. */
export function membersDelta(fields: Delta, id: string) {
  return fields
    .strict()
    .refine((v) => v.add.length + v.remove.length > 0, { error: 'Name members to add or remove.', path: ['add'] })
    .meta({ id })
}

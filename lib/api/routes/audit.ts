import 'server-only'
import { z } from 'zod'
import { AUDIT_COUNT_CAP, loadAuditSlice, type AuditRow } from '@/lib/db/audit'
import { auditDaySchema } from '@/lib/validation/audit'
import { badCursor, defineApiRoute } from '../define-route'
import { auditEventSchema, sliceQuery } from '../schemas'

// The audit log under /api/v1/audit-events: the Audit log page's filters, newest first, read
// forward with a cursor (a slice past the end is empty; it never jumps back as the page does).

type Snapshot = Record<string, unknown> | null
const snapshot = (v: AuditRow['before']): Snapshot => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Snapshot) : null)

export const listAuditEventsRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/api/v1/audit-events',
    operationId: 'listAuditEvents',
    summary: 'List audit events',
    description:
      'The workspace’s audit log, newest first, with the Audit log page’s filters, a slice at a time: pass each answer’s `nextCursor` as `cursor` (with the same filters) until it is null. Events written meanwhile are newer, so they are not in the slices that follow: read again from the start to see them.',
    permission: 'audit.view',
    query: z
      .object({
        actor: z.string().trim().max(200).default('').describe('Text in the actor’s email, or in “API key <name>”.'),
        action: z.string().trim().max(64).default('').describe('An action, e.g. `role.update`, or every action of a kind, e.g. `role.`.'),
        target: z.string().trim().max(200).default('').describe('The target’s id or type, or text in the summary.'),
        from: auditDaySchema.optional().describe('The first day (UTC), YYYY-MM-DD.'),
        to: auditDaySchema.optional().describe('The last day (UTC), YYYY-MM-DD.'),
        ...sliceQuery,
      })
      .strict(),
    response: z
      .object({
        data: z.array(auditEventSchema),
        total: z.number().int().describe(`How many match the filters, counted up to ${AUDIT_COUNT_CAP}.`),
        totalExact: z.boolean().describe(`False when more than ${AUDIT_COUNT_CAP} match (total then says ${AUDIT_COUNT_CAP}).`),
        nextCursor: z.string().nullable().describe('Pass as `cursor` for the next slice; null at the end.'),
      })
      .meta({ id: 'AuditEventList' }),
  },
  async (_input, { caller, query }) => {
    const { limit, cursor, ...filters } = query
    const slice = await loadAuditSlice(caller!.key.tenantId, filters, cursor, limit)
    if (!slice) throw badCursor(caller!.headers)
    return {
      data: slice.rows.map((e) => ({ ...e, before: snapshot(e.before), after: snapshot(e.after) })),
      total: slice.total,
      totalExact: slice.exact,
      nextCursor: slice.next,
    }
  },
)

export const AUDIT_ROUTES = [listAuditEventsRoute]

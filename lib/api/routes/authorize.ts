import 'server-only'
import type { AccessInput } from '@/lib/authz/access'
import { authorizeCheck } from '@/lib/authz/authorize'
import { authorizeContextOf, authorizeContextRead, type AuthorizeRefs } from '@/lib/db/authorize-context'
import { authorizeResponseSchema, authorizeSchema, type AuthorizeInput } from '@/lib/validation/authorize'
import { defineApiRoute } from '../define-route'

/**
 * POST /api/v1/authorize: a batch of "may this member do X (to this record)?" checks, decided
 * by the same code as the app (lib/authz/authorize.ts). One statement whatever the batch, the
 * API key's own: the key, and the members named (by id or email, of the key's workspace only) and
 * the records' owners and teams.
 */
export const authorizeRoute = defineApiRoute(
  {
    method: 'POST',
    path: '/api/v1/authorize',
    operationId: 'authorize',
    summary: 'Check what members may do',
    description:
      'Answers up to 100 checks at once: may this member (id or email) hold this permission, and, for a scoped permission with a record, does one of their scopes reach the record? A member of another workspace, or nobody, is “member_not_found” for that check. With `explain`, each answer says why, in the words of the member page’s “View as”. The key needs “View users” (users.view): the answers tell what the members list tells.',
    permission: 'users.view',
    body: authorizeSchema,
    example: {
      checks: [
        { member: 'ada@example.com', permission: 'users.invite' },
        { member: 'ada@example.com', permission: 'contacts.edit', record: { ownerId: 'cm3memberid0000000000000', teamId: null } },
      ],
      explain: true,
    },
    response: authorizeResponseSchema,
    // One round trip: the members and records named are read in the key's own statement.
    readWithKey: (body) => authorizeContextRead(refsOf(body)),
  },
  async ({ checks, explain }, { caller }) => {
    const { members: inputs, records: names } = authorizeContextOf(caller!.key.tenantId, caller!.read)
    const byRef = new Map<string, AccessInput>()
    for (const m of inputs) {
      byRef.set(m.membershipId, m)
      byRef.set(m.email.toLowerCase(), m)
    }
    const memberOf = (ref: string) => byRef.get(ref.includes('@') ? ref.toLowerCase() : ref)
    return { results: checks.map((c) => authorizeCheck(memberOf(c.member), c, names, explain)) }
  },
)

/** The members (by id or email) and the records' owners and teams a call names. */
function refsOf({ checks }: AuthorizeInput): AuthorizeRefs {
  const refs = checks.map((c) => c.member)
  return {
    emails: refs.filter((r) => r.includes('@')).map((r) => r.toLowerCase()),
    ids: refs.filter((r) => !r.includes('@')),
    ownerIds: [...new Set(checks.flatMap((c) => c.record?.ownerId ?? []))],
    teamIds: [...new Set(checks.flatMap((c) => c.record?.teamId ?? []))],
  }
}

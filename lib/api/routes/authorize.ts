import 'server-only'
import { authorizeCheck } from '@/lib/authz/authorize'
import { authorizeContext, authorizeContextRead, type AuthorizeRefs } from '@/lib/db/authorize-context'
import { authorizeResponseSchema, authorizeSchema, type AuthorizeInput } from '@/lib/validation/authorize'
import { defineApiRoute } from '../define-route'

/**
 * POST /api/v1/authorize: a batch of "may this member do X (to this record)?" checks, decided
 * by the same code as the app (lib/authz/authorize.ts). One statement whatever the batch, the
 * API key's own: the key, the workspace's access version, and the members named (by id or email,
 * of the key's workspace only) and the records' owners and teams that this process's copy of the
 * workspace at that version does not hold (lib/db/authorize-context.ts).
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
  async (body, { caller }) => {
    const { members, records } = await authorizeContext(caller!.key.tenantId, refsOf(body), caller!.read)
    const memberOf = (ref: string) => members.get(ref.includes('@') ? ref.toLowerCase() : ref)
    return { results: body.checks.map((c) => authorizeCheck(memberOf(c.member), c, records, body.explain)) }
  },
)

/** The members (by id or email) and the records' owners and teams a call names. */
function refsOf({ checks }: AuthorizeInput): AuthorizeRefs {
  const refs = [...new Set(checks.map((c) => c.member))]
  return {
    emails: [...new Set(refs.filter((r) => r.includes('@')).map((r) => r.toLowerCase()))],
    ids: refs.filter((r) => !r.includes('@')),
    ownerIds: [...new Set(checks.flatMap((c) => c.record?.ownerId ?? []))],
    teamIds: [...new Set(checks.flatMap((c) => c.record?.teamId ?? []))],
  }
}

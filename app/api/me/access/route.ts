import { NextResponse } from 'next/server'
import { accessSummary } from '@/lib/authz/access'
import { getAccess } from '@/lib/authz/get-access'
import { twoFactorProblem } from '@/lib/authz/guards'

// The signed-in member's effective permissions, for the host product's other services and
// for tests. Same source as every gate: getAccess().
export async function GET() {
  const state = await getAccess()
  if (state.status !== 'ok') {
    return NextResponse.json({ error: state.status === 'inactive' ? 'inactive' : 'unauthenticated' }, { status: 401, headers: { 'Cache-Control': 'no-store' } })
  }
  const { access } = state
  // Nothing is granted to a member who must set up two-factor sign-in first: the same 403 as every gate gives them.
  if (access.twoFactorPending) return twoFactorProblem()
  const m = access.member
  return NextResponse.json(
    {
      userId: m.userId,
      email: m.email,
      membershipId: m.membershipId,
      tenant: { id: m.tenantId, name: m.tenantName, slug: m.tenantSlug },
      ...accessSummary(access),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

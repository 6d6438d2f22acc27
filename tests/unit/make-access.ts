import { Access, type AccessInput } from '@/lib/authz/access'
import type { MemberState } from '@/lib/authz/rules'
import { moduleIds } from '@/lib/authz/catalog'

/** A hand-built AccessInput: an active MEMBER with no permissions on a plan with every module. */
export function makeInput(overrides: Partial<AccessInput> = {}): AccessInput {
  return {
    userId: 'user-1',
    email: 'member@example.test',
    name: 'Member One',
    membershipId: 'mem-1',
    tenantId: 'tenant-1',
    tenantName: 'Acme',
    tenantSlug: 'acme',
    baseRole: 'MEMBER',
    status: 'ACTIVE',
    crmAccess: true,
    roleTemplateId: null,
    roleTemplateName: null,
    templateKeys: [],
    directKeys: [],
    teamIds: [],
    planId: 'plan-all',
    planName: 'Everything',
    enabledModules: moduleIds(),
    requireTwoFactor: false,
    twoFactorEnabled: false,
    ...overrides,
  }
}

export function makeAccess(overrides: Partial<AccessInput> = {}): Access {
  return new Access(makeInput(overrides))
}

/** A hand-built member as the rules judge them: an active MEMBER of tenant-1 with nothing. */
export function makeMemberState(membershipId: string, overrides: Partial<MemberState> = {}): MemberState & { email: string } {
  return {
    membershipId,
    tenantId: 'tenant-1',
    userId: `u-${membershipId}`,
    email: `${membershipId}@example.test`,
    baseRole: 'MEMBER',
    status: 'ACTIVE',
    crmAccess: false,
    roleTemplateId: null,
    templateKeys: [],
    directKeys: [],
    teamIds: [],
    ...overrides,
  }
}

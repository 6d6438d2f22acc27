import { describe, expect, it } from 'vitest'
import { gatedFiles, twoFactorOptOuts } from '../../e2e/routes'
import { Access } from '@/lib/authz/access'
import { getStarterRole } from '@/lib/authz/starter-roles'
import { PEOPLE, PLANS } from '@/lib/db/seed'
import { makeInput } from './make-access'
import { BEFORE_TWO_FACTOR, PAGE_REQUIREMENTS, unseparatedPairs } from '../support/requirements'

// The pages' gates, as the code states them (read by the TypeScript compiler, e2e/routes.ts),
// against the reviewed table: the browser matrix takes its expectations from the table.

describe('the reviewed table of requirements', () => {
  it('every page and route of the signed-in area has the gates the table states, and the table names no other', () => {
    const stated = Object.fromEntries(gatedFiles().map((f) => [f.file, f.gates]))
    expect(stated).toEqual(PAGE_REQUIREMENTS)
  })

  it('the layouts, pages and routes reachable before two-factor sign-in is set up are those the table states', () => {
    const found = twoFactorOptOuts()
    expect(found).toContain('app/(app)/layout.tsx')
    expect(found).toEqual([...BEFORE_TWO_FACTOR.files].sort())
  })

  it('the seeded demo members (the browser matrix’s personas) tell apart every two gates of the pages', () => {
    const plan = PLANS.find((p) => p.id === 'team')!
    const personas = [
      { name: 'owner', holds: (keys: string[]) => new Access(makeInput({ baseRole: 'OWNER', enabledModules: plan.enabledModules })).canAny(keys) },
      ...PEOPLE.filter((p) => p[3] === 'ACTIVE').map(([email, , baseRole, , template, crmAccess, , grants]) => {
        const access = new Access(
          makeInput({
            baseRole,
            crmAccess,
            templateKeys: template ? getStarterRole(template)!.permissions : [],
            directKeys: grants,
            enabledModules: plan.enabledModules,
          }),
        )
        return { name: email, holds: (keys: string[]) => access.canAny(keys) }
      }),
    ]
    // Only the pages' own requirements: the actions are told apart by the integration personas.
    expect(unseparatedPairs(personas, Object.values(PAGE_REQUIREMENTS).flat())).toEqual([])
  })
})

'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/authz/guards'
import { fail, ok } from '@/lib/authz/result'
import * as plansDb from '@/lib/db/plans'
import { changePlanSchema } from '@/lib/validation/billing'

export const changePlan = defineAction(
  { audits: ['plan.change'], permission: 'billing.manage', schema: changePlanSchema },
  async ({ planId }, { access, audit }) => {
    const r = await plansDb.changePlan(access.tenantId, planId)
    if (!r.ok) return fail(r.message, undefined, r.code)
    audit({
      action: 'plan.change',
      targetType: 'workspace',
      targetId: access.tenantId,
      summary: `Switched the plan from ${r.from} to ${r.to}`,
      before: { plan: r.from },
      after: { plan: r.to },
    })
    revalidatePath('/', 'layout')
    return ok(`You are now on the ${r.to} plan. Its limits and modules apply from now on.`)
  },
)

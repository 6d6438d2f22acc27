'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { defineAction } from '@/lib/authz/guards'
import { fail, ok } from '@/lib/authz/result'
import { checkSecondFactor, refuseWrongPassword, retryText } from '@/lib/auth/rate-limit'
import { qrPath } from '@/lib/auth/qr'
import { tooManyCodes, WRONG_CODE } from '@/lib/auth/sign-in-messages'
import { verifySecondFactor } from '@/lib/auth/second-factor'
import { codeStep, decryptSecret, encryptSecret, groupedSecret, newRecoveryCodes, newSecret, otpauthUri, recoveryCodeHash } from '@/lib/auth/two-factor'
import { confirmEnrolment, removeTwoFactor, replaceRecoveryCodes, startEnrolment, twoFactorState, workspacesRequiringTwoFactor } from '@/lib/db/two-factor'
import { disableTwoFactorSchema, twoFactorCodeSchema } from '@/lib/validation/auth'

// The signed-in user's own two-factor sign-in (no permission beyond being signed in: null).
// Setting it up is what a workspace that requires it sends its members to: those two actions
// (and the page) are reachable before it is set up.
// Enrolment: start (a new secret, shown as a QR code and as text), then confirm with a first
// code, which turns it on and answers the ten recovery codes, shown this once.

export type Enrolment = { secret: string; uri: string; qr: { size: number; path: string } }

const WRONG = { code: [WRONG_CODE] }
const limited = (ms: number) => fail(tooManyCodes(retryText(ms)), { code: [tooManyCodes(retryText(ms))] }, 'limit')

export const startTwoFactor = defineAction({ audits: [], beforeTwoFactor: true, permission: null, schema: z.object({}) }, async (_input, { access }) => {
  const secret = newSecret()
  if (!(await startEnrolment(access.userId, encryptSecret(secret)))) return fail('Two-factor sign-in is already on.')
  const uri = otpauthUri(secret, access.member.email)
  return ok<Enrolment>(undefined, { secret: groupedSecret(secret), uri, qr: qrPath(uri) })
})

export const confirmTwoFactor = defineAction(
  { audits: ['profile.two_factor_on'], beforeTwoFactor: true, permission: null, schema: twoFactorCodeSchema },
  async ({ code }, { access, audit }) => {
    const state = await twoFactorState(access.userId)
    if (state.enabledAt) return fail('Two-factor sign-in is already on.')
    const secret = state.secret ? decryptSecret(state.secret) : null
    if (!state.secret || !secret) return fail('Start the setup again: scan the new QR code.', undefined, 'conflict')
    let step: number | null = null
    const r = await checkSecondFactor(access.userId, async () => (step = codeStep(secret, code)) !== null)
    if (r.result === 'limited') return limited(r.retryMs)
    if (r.result === 'wrong' || step === null) return fail('Check the code.', WRONG)
    const codes = newRecoveryCodes()
    if (!(await confirmEnrolment(access.userId, state.secret, step, codes.map(recoveryCodeHash)))) {
      return fail('The setup was started again elsewhere. Scan the newest QR code.', undefined, 'conflict')
    }
    audit({ action: 'profile.two_factor_on', targetType: 'user', targetId: access.userId, summary: 'Turned on two-factor sign-in' })
    // No revalidatePath: it would re-render this page at once, and the codes, shown only in the
    // answer, would go before they were read. The pages render per request anyway.
    return ok('Two-factor sign-in is on.', { recoveryCodes: codes })
  },
)

export const newRecoveryCodeSet = defineAction(
  { audits: ['profile.recovery_codes'], permission: null, schema: twoFactorCodeSchema },
  async ({ code }, { access, audit }) => {
    const state = await twoFactorState(access.userId)
    if (!state.enabledAt) return fail('Two-factor sign-in is not on.')
    const r = await verifySecondFactor({ id: access.userId, totpSecret: state.secret }, code, { recovery: false })
    if (r.result === 'limited') return limited(r.retryMs)
    if (r.result === 'wrong') return fail('Check the code.', WRONG)
    const codes = newRecoveryCodes()
    await replaceRecoveryCodes(access.userId, codes.map(recoveryCodeHash))
    audit({ action: 'profile.recovery_codes', targetType: 'user', targetId: access.userId, summary: 'Made new recovery codes (the old ones no longer work)' })
    return ok('New recovery codes made. The old ones no longer work.', { recoveryCodes: codes })
  },
)

export const disableTwoFactor = defineAction(
  { audits: ['profile.two_factor_off'], permission: null, schema: disableTwoFactorSchema },
  async (input, { access, audit }) => {
    const state = await twoFactorState(access.userId)
    if (!state.enabledAt) return fail('Two-factor sign-in is not on.')
    const requiredBy = await workspacesRequiringTwoFactor(access.userId)
    if (requiredBy.length) return fail(`${requiredBy.join(', ')} requires two-factor sign-in: it cannot be turned off.`)
    if (input.proof === 'code') {
      const r = await verifySecondFactor({ id: access.userId, totpSecret: state.secret }, input.code, { recovery: false })
      if (r.result === 'limited') return limited(r.retryMs)
      if (r.result === 'wrong') return fail('Check the code.', WRONG)
    } else {
      const refused = await refuseWrongPassword(access.userId, input.password, 'password')
      if (refused) return refused
    }
    await removeTwoFactor(access.userId)
    audit({ action: 'profile.two_factor_off', targetType: 'user', targetId: access.userId, summary: 'Turned off two-factor sign-in' })
    revalidatePath('/profile')
    return ok('Two-factor sign-in is off.')
  },
)

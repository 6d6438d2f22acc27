import { acceptStep, redeemRecoveryCode } from '@/lib/db/two-factor'
import { checkSecondFactor, type PasswordCheck } from './rate-limit'
import { codeStep, decryptSecret, looksLikeRecoveryCode, recoveryCodeHash } from './two-factor'

export type SecondFactorCheck = PasswordCheck & { via?: 'code' | 'recovery' }

/**
 * Checks what a user typed as their second factor: a six-digit code from their app (accepted
 * once: its time step must be later than the last one used) or, with `recovery`, one of their
 * unused recovery codes (used up by this). Within the two-factor attempt limit.
 */
export async function verifySecondFactor(
  user: { id: string; totpSecret: string | null },
  code: string,
  opts: { recovery: boolean },
): Promise<SecondFactorCheck> {
  let via: 'code' | 'recovery' | undefined
  const r = await checkSecondFactor(user.id, async () => {
    if (opts.recovery || looksLikeRecoveryCode(code)) {
      via = 'recovery'
      return redeemRecoveryCode(user.id, recoveryCodeHash(code))
    }
    via = 'code'
    const secret = user.totpSecret ? decryptSecret(user.totpSecret) : null
    const step = secret ? codeStep(secret, code) : null
    return step !== null && (await acceptStep(user.id, step))
  })
  return { ...r, via }
}

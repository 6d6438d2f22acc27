import { db } from './client'

// A user's two-factor sign-in (lib/auth/two-factor.ts does the cryptography): the encrypted
// secret on User, set when enrolment starts and counting once totpEnabledAt is set; the last
// accepted time step; and the recovery codes, as keyed hashes, each used once.

export type TwoFactorState = { secret: string | null; enabledAt: Date | null; recoveryLeft: number }

export async function twoFactorState(userId: string): Promise<TwoFactorState> {
  const u = await db().user.findUniqueOrThrow({
    where: { id: userId },
    select: { totpSecret: true, totpEnabledAt: true, _count: { select: { recoveryCodes: { where: { usedAt: null } } } } },
  })
  return { secret: u.totpSecret, enabledAt: u.totpEnabledAt, recoveryLeft: u._count.recoveryCodes }
}

/** Starts (or restarts) an enrolment with a new encrypted secret; not while two-factor is on. */
export async function startEnrolment(userId: string, encryptedSecret: string): Promise<boolean> {
  const r = await db().user.updateMany({ where: { id: userId, totpEnabledAt: null }, data: { totpSecret: encryptedSecret, totpLastStep: null } })
  return r.count === 1
}

/**
 * Turns two-factor on with the step of the first code and a new set of recovery codes. Only the
 * enrolment that was started with `encryptedSecret` (a second tab's newer one wins).
 */
export async function confirmEnrolment(userId: string, encryptedSecret: string, step: number, codeHashes: string[]): Promise<boolean> {
  const r = await db().user.updateMany({
    where: { id: userId, totpEnabledAt: null, totpSecret: encryptedSecret },
    data: { totpEnabledAt: new Date(), totpLastStep: step },
  })
  if (r.count !== 1) return false
  await replaceRecoveryCodes(userId, codeHashes)
  return true
}

export async function replaceRecoveryCodes(userId: string, codeHashes: string[]) {
  await db().recoveryCode.deleteMany({ where: { userId } })
  await db().recoveryCode.createMany({ data: codeHashes.map((codeHash) => ({ userId, codeHash })) })
}

/** Accepts a code's time step if it is later than the last one accepted (atomic: a code works once, also when two requests race). */
export async function acceptStep(userId: string, step: number): Promise<boolean> {
  const r = await db().user.updateMany({
    where: { id: userId, totpEnabledAt: { not: null }, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  })
  return r.count === 1
}

/** Marks a recovery code used; false when it is not one of the user's or was used already. */
export async function redeemRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
  const r = await db().recoveryCode.updateMany({ where: { userId, codeHash, usedAt: null }, data: { usedAt: new Date() } })
  return r.count === 1
}

/**
 * Turns two-factor off (the user, or an admin's reset): the secret and the recovery codes go, and
 * the user enrols again to turn it on. False when it was not on.
 */
export async function removeTwoFactor(userId: string): Promise<boolean> {
  const r = await db().user.updateMany({
    where: { id: userId, totpEnabledAt: { not: null } },
    data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null },
  })
  if (r.count === 0) return false
  await db().recoveryCode.deleteMany({ where: { userId } })
  return true
}

/** The names of the user's workspaces (active memberships) that require two-factor sign-in. */
export async function workspacesRequiringTwoFactor(userId: string): Promise<string[]> {
  const rows = await db().membership.findMany({
    where: { userId, status: 'ACTIVE', tenant: { requireTwoFactor: true } },
    select: { tenant: { select: { name: true } } },
    orderBy: { tenant: { name: 'asc' } },
  })
  return rows.map((r) => r.tenant.name)
}

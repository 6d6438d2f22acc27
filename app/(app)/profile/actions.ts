'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { defineAction } from '@/lib/authz/guards'
import { fail, ok } from '@/lib/authz/result'
import { hashPassword } from '@/lib/auth/password'
import { checkCurrentPassword, retryText } from '@/lib/auth/rate-limit'
import { bumpSessionVersion, passwordHashOfUser, setPassword, updateUserName } from '@/lib/db/users'
import { changePasswordSchema, profileSchema } from '@/lib/validation/auth'

// Profile actions need no permission beyond being a signed-in active member (null), and act
// only on the caller's own user.

export const updateProfile = defineAction({ audits: ['profile.update'], permission: null, schema: profileSchema }, async ({ name }, { access, audit }) => {
  await updateUserName(access.userId, name)
  audit({
    action: 'profile.update',
    targetType: 'user',
    targetId: access.userId,
    summary: 'Changed their name',
    before: { name: access.member.name },
    after: { name },
  })
  revalidatePath('/', 'layout')
  return ok('Profile saved.')
})

export const changePassword = defineAction(
  { audits: ['profile.password'], permission: null, schema: changePasswordSchema },
  async (input, { access, audit }) => {
    // Counted before it is checked: a stolen session cannot guess the password to take the account over.
    const r = await checkCurrentPassword(access.userId, () => passwordHashOfUser(access.userId), input.currentPassword)
    if (r.result === 'limited')
      return fail(`Too many wrong passwords. ${retryText(r.retryMs)}`, { currentPassword: [`Too many wrong passwords. ${retryText(r.retryMs)}`] }, 'limit')
    if (r.result === 'wrong') return fail('Check the highlighted fields.', { currentPassword: ['The current password is not right.'] })
    await setPassword(access.userId, await hashPassword(input.newPassword))
    audit({ action: 'profile.password', targetType: 'user', targetId: access.userId, summary: 'Changed their password (all sessions ended)' })
    return ok('Password changed. Sign in again with your new password.')
  },
)

export const signOutEverywhere = defineAction(
  { audits: ['profile.sign_out_everywhere'], permission: null, schema: z.object({}) },
  async (_input, { access, audit }) => {
    await bumpSessionVersion(access.userId)
    audit({ action: 'profile.sign_out_everywhere', targetType: 'user', targetId: access.userId, summary: 'Signed out of every session' })
    return ok('Signed out everywhere.')
  },
)

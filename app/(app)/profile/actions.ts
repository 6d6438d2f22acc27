'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { defineAction } from '@/lib/authz/guards'
import { fail, ok } from '@/lib/authz/result'
import { bumpSessionVersion, changeUserPassword, updateUserName } from '@/lib/db/users'
import { changePasswordSchema, profileSchema } from '@/lib/validation/auth'

// Profile actions need no permission beyond being a signed-in active member (null), and act
// only on the caller's own user.

export const updateProfile = defineAction({ permission: null, schema: profileSchema }, async ({ name }, { access, audit }) => {
  await updateUserName(access.userId, name)
  audit({ action: 'profile.update', targetType: 'user', targetId: access.userId, summary: 'Changed their name', before: { name: access.member.name }, after: { name } })
  revalidatePath('/', 'layout')
  return ok('Profile saved.')
})

export const changePassword = defineAction({ permission: null, schema: changePasswordSchema }, async (input, { access, audit }) => {
  const r = await changeUserPassword(access.userId, input.currentPassword, input.newPassword)
  if (r === 'wrong_password') return fail('Check the highlighted fields.', { currentPassword: ['The current password is not right.'] })
  audit({ action: 'profile.password', targetType: 'user', targetId: access.userId, summary: 'Changed their password (all sessions ended)' })
  return ok('Password changed. Sign in again with your new password.')
})

export const signOutEverywhere = defineAction({ permission: null, schema: z.object({}) }, async (_input, { access, audit }) => {
  await bumpSessionVersion(access.userId)
  audit({ action: 'profile.sign_out_everywhere', targetType: 'user', targetId: access.userId, summary: 'Signed out of every session' })
  return ok('Signed out everywhere.')
})

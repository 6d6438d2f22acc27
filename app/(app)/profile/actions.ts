'use server'

import { revalidatePath } from 'next/cache'
import { z } from 'zod'
import { defineAction } from '@/lib/authz/guards'
import { fail, notFoundResult, ok } from '@/lib/authz/result'
import { hashPassword } from '@/lib/auth/password'
import { refuseWrongPassword } from '@/lib/auth/rate-limit'
import { describeUserAgent } from '@/lib/auth/user-agent'
import { endOtherSessions, endOwnSession, listOpenSessions } from '@/lib/db/sessions'
import { setPassword, updateUserName } from '@/lib/db/users'
import { changePasswordSchema, endSessionSchema, profileSchema } from '@/lib/validation/auth'

// Profile actions need no permission beyond being a signed-in active member (null), and act
// only on the caller's own user. They work before two-factor sign-in is set up where the
// workspace requires it (beforeTwoFactor): a member can always fix their own account.

export const updateProfile = defineAction(
  { audits: ['profile.update'], beforeTwoFactor: true, permission: null, schema: profileSchema },
  async ({ name }, { access, audit }) => {
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
  },
)

export const changePassword = defineAction(
  { audits: ['profile.password'], beforeTwoFactor: true, permission: null, schema: changePasswordSchema },
  async (input, { access, audit }) => {
    // Counted before it is checked: a stolen session cannot guess the password to take the account over.
    const refused = await refuseWrongPassword(access.userId, input.currentPassword, 'currentPassword', 'current password')
    if (refused) return refused
    await setPassword(access.userId, await hashPassword(input.newPassword))
    audit({ action: 'profile.password', targetType: 'user', targetId: access.userId, summary: 'Changed their password (all sessions ended)' })
    return ok('Password changed. Sign in again with your new password.')
  },
)

/** Ends one of the caller's other sessions (the session list's "End session"). */
export const endSession = defineAction(
  { audits: ['profile.session_end'], beforeTwoFactor: true, permission: null, schema: endSessionSchema },
  async ({ sessionId }, { access, audit, sessionId: current }) => {
    if (sessionId === current) return fail('This is the session you are using. To end it, sign out.')
    const session = (await listOpenSessions(access.userId)).find((s) => s.id === sessionId)
    // Someone else's session, an ended one and one that never was all read the same.
    if (!session || !(await endOwnSession(access.userId, sessionId))) return notFoundResult('That session')
    audit({
      action: 'profile.session_end',
      targetType: 'user',
      targetId: access.userId,
      summary: `Ended a session (${describeUserAgent(session.userAgent)}${session.ip ? `, ${session.ip}` : ''})`,
    })
    revalidatePath('/profile')
    return ok('Session ended.')
  },
)

/** Ends every session of the caller except the one in use ("Sign out all other sessions"). */
export const signOutOtherSessions = defineAction(
  { audits: ['profile.sign_out_others'], beforeTwoFactor: true, permission: null, schema: z.object({}) },
  async (_input, { access, audit, sessionId }) => {
    const ended = await endOtherSessions(access.userId, sessionId)
    if (ended === 0) return ok('No other session was open.')
    const what = ended === 1 ? '1 other session' : `${ended} other sessions`
    audit({ action: 'profile.sign_out_others', targetType: 'user', targetId: access.userId, summary: `Ended ${what}` })
    revalidatePath('/profile')
    return ok(`Signed out of ${what}.`)
  },
)

'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/authz/guards'
import { fail, ok } from '@/lib/authz/result'
import { saveSettings } from '@/lib/security/settings'
import { securitySettingsSchema } from '@/lib/validation/security'

/**
 * Saves the workspace's Security settings. It works before the caller has set up two-factor
 * sign-in (beforeTwoFactor), like the page: whoever turns the requirement on without having set
 * it up themselves can still turn it off again, so no one locks the workspace out of its own
 * settings. That gives a password-only session nothing it could not get anyway, since it may set
 * up two-factor sign-in itself and then change the settings.
 */
export const updateSecuritySettings = defineAction(
  { audits: ['security.update'], beforeTwoFactor: true, permission: 'security.edit', schema: securitySettingsSchema },
  async (input, { access, audit }) => {
    const r = await saveSettings(access.tenantId, input)
    if (!r.ok) return fail(r.message, undefined, r.code)
    if (r.changed.length === 0) return ok('Nothing to save: the settings are as they were.')
    audit({ action: 'security.update', targetType: 'workspace', targetId: access.tenantId, summary: r.summary, before: r.before, after: r.after })
    revalidatePath('/', 'layout')
    return ok('Security settings saved.')
  },
)

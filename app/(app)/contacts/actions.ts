'use server'

import { revalidatePath } from 'next/cache'
import { defineAction } from '@/lib/authz/guards'
import { fail, forbiddenResult, notFoundResult, ok, type ActionResult } from '@/lib/authz/result'
import * as contactsDb from '@/lib/db/contacts'
import type { ContactRow, ContactWrite } from '@/lib/db/contacts'
import { assignContactSchema, contactIdSchema, createContactSchema, updateContactSchema } from '@/lib/validation/contacts'

const snap = (c: ContactRow) => ({ name: c.name, email: c.email, owner: c.owner?.label ?? null, team: c.team?.name ?? null })

/** A scoped write's refusal as a result: unseen contacts are not found, seen ones forbidden. */
function refused(r: Extract<ContactWrite<unknown>, { ok: false }>): ActionResult<never> {
  if (r.reason === 'not_found') return notFoundResult('That contact')
  if (r.reason === 'bad_owner') return fail('Check the highlighted fields.', { ownerId: ['Choose a member of this workspace.'] })
  if (r.reason === 'bad_team') return fail('Check the highlighted fields.', { teamId: ['Choose a team of this workspace.'] })
  return forbiddenResult()
}

export const createContact = defineAction(
  { audits: ['contact.create'], permission: 'contacts.create', schema: createContactSchema },
  async (input, { access, audit }) => {
    // Owned by its creator unless they choose otherwise (another owner, none, or a team), which is
    // assigning: the gate refuses it without “Assign contacts”.
    const r = await contactsDb.createContact(access, { ...input, ownerId: input.ownerId === undefined ? access.membershipId : input.ownerId })
    if (!r.ok) return refused(r)
    audit({ action: 'contact.create', targetType: 'contact', targetId: r.contact.id, summary: `Created contact ${r.contact.name}`, after: snap(r.contact) })
    revalidatePath('/contacts')
    return ok(`Created ${r.contact.name}.`, { id: r.contact.id })
  },
)

export const updateContact = defineAction(
  { audits: ['contact.update'], permission: 'contacts.edit', schema: updateContactSchema },
  async ({ contactId, ...data }, { access, audit }) => {
    const r = await contactsDb.updateContact(access, contactId, data)
    if (!r.ok) return refused(r)
    audit({
      action: 'contact.update',
      targetType: 'contact',
      targetId: contactId,
      summary: `Updated contact ${r.after.name}`,
      before: snap(r.before),
      after: snap(r.after),
    })
    revalidatePath('/contacts')
    return ok('Saved.')
  },
)

export const assignContact = defineAction(
  { audits: ['contact.assign'], permission: 'contacts.assign', schema: assignContactSchema },
  async ({ contactId, ownerId, teamId }, { access, audit }) => {
    const r = await contactsDb.assignContact(access, contactId, ownerId, teamId)
    if (!r.ok) return refused(r)
    audit({
      action: 'contact.assign',
      targetType: 'contact',
      targetId: contactId,
      summary: `Assigned contact ${r.after.name}`,
      before: snap(r.before),
      after: snap(r.after),
    })
    revalidatePath('/contacts')
    return ok(`Assigned ${r.after.name}.`)
  },
)

export const deleteContact = defineAction(
  { audits: ['contact.delete'], permission: 'contacts.delete', schema: contactIdSchema },
  async ({ contactId }, { access, audit }) => {
    const r = await contactsDb.deleteContact(access, contactId)
    if (!r.ok) return refused(r)
    audit({ action: 'contact.delete', targetType: 'contact', targetId: contactId, summary: `Deleted contact ${r.before.name}`, before: snap(r.before) })
    revalidatePath('/contacts')
    return ok(`Deleted ${r.before.name}.`)
  },
)

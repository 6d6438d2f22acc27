import { expect, expectAccessible, hydrated, main, rowAction, signedInPage, test } from './fixtures'
import { startReceiver } from '../tests/support/webhook-receiver'

// The owner adds a webhook endpoint pointing at a receiver started here (on 127.0.0.1: the e2e
// server allows private addresses), reveals its secret, invites someone, and sees the
// member.invited event delivered — verified by the receiver with the standardwebhooks library —
// in the endpoint's delivery log; "Redeliver" sends it again with the same webhook-id. Revoking
// the invitation is delivered too, and the endpoint is deleted at the end.

const INVITEE = 'webhook-e2e@example.com'

test('a webhook endpoint: added, its secret revealed, an invitation delivered and redelivered', async ({ browser }) => {
  let secret = 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='
  const receiver = await startReceiver({ secret: () => secret })
  try {
    const owner = await signedInPage(browser, 'owner')
    await owner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click()
    await expect(owner.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible()
    await hydrated(owner)

    // The form in its dialog: a URL of the wrong form is refused next to the field.
    await main(owner).getByRole('button', { name: 'Add endpoint' }).click()
    const dialog = owner.getByRole('dialog', { name: 'Add webhook endpoint' })
    await expect(dialog).toBeVisible()
    await expect(dialog.getByRole('checkbox', { name: 'All events' })).toBeChecked()
    await dialog.getByLabel('Endpoint URL').fill('not a url')
    await dialog.getByRole('button', { name: 'Add endpoint' }).click()
    await expect(dialog.getByText('Enter a full URL, like https://example.com/webhooks/teamgate.')).toBeVisible()
    await expectAccessible(owner)
    await dialog.getByLabel('Endpoint URL').fill(receiver.url)
    await dialog.getByLabel('Description (optional)').fill('Permission cache e2e')
    await dialog.getByRole('button', { name: 'Add endpoint' }).click()

    // The endpoint's page: the secret is hidden until revealed.
    await expect(owner.getByRole('heading', { name: 'Webhook endpoint', level: 1 })).toBeVisible()
    await expect(main(owner).getByText(receiver.url)).toBeVisible()
    await hydrated(owner)
    await expect(main(owner).getByRole('textbox', { name: 'Secret' })).toHaveValue(/•/)
    await main(owner).getByRole('button', { name: 'Reveal' }).click()
    // The secret itself, not the mask (which starts with whsec_ too).
    await expect(main(owner).getByRole('textbox', { name: 'Secret' })).toHaveValue(/^whsec_[A-Za-z0-9+/]+=*$/)
    secret = await main(owner).getByRole('textbox', { name: 'Secret' }).inputValue()
    await expectAccessible(owner)
    const endpointUrl = owner.url()

    // Someone is invited (the Users page's dialog, as in users.spec.ts).
    await owner.goto('/settings/users')
    await hydrated(owner)
    await main(owner).getByRole('button', { name: 'Invite people' }).click()
    const invite = owner.getByRole('dialog', { name: 'Invite people' })
    await invite.getByLabel('Email addresses').fill(INVITEE)
    await invite.getByRole('button', { name: 'Review' }).click()
    await invite.getByRole('button', { name: 'Send invitations' }).click()
    await expect(invite).toBeHidden()

    // Delivered after the change committed, with a signature the receiver verified.
    // (Polled together: a failure shows what the receiver saw — attempts, refused signatures.)
    const seen = () => ({ types: receiver.accepted.map((r) => r.type), attempts: [...receiver.attempts.values()], refused: receiver.refused })
    await expect.poll(seen, { timeout: 45_000 }).toEqual({ types: ['member.invited'], attempts: [1], refused: [] })
    const [event] = receiver.accepted
    expect(event.data.member).toMatchObject({ email: INVITEE, status: 'INVITED', baseRole: 'MEMBER' })

    // The delivery log shows it; Redeliver sends it again, with the same webhook-id.
    await owner.goto(endpointUrl)
    const row = main(owner).getByRole('row').filter({ hasText: event.id })
    await expect(row).toContainText('member.invited')
    await expect(row).toContainText('Delivered')
    await expect(row).toContainText('200')
    await expectAccessible(owner)
    await hydrated(owner)
    await row.getByRole('button', { name: `Redeliver member.invited ${event.id}` }).click()
    await expect(main(owner).getByText('Redelivering member.invited.')).toBeVisible()
    await expect.poll(() => receiver.accepted.map((r) => r.id)).toEqual([event.id, event.id])
    await expect(async () => {
      await owner.reload()
      await expect(main(owner).getByRole('row').filter({ hasText: event.id })).toContainText('Delivered')
      await expect(main(owner).getByRole('row').filter({ hasText: event.id }).getByRole('cell').nth(1)).toHaveText('2')
    }).toPass()

    // The invitation revoked: its event follows, in order.
    await owner.goto('/settings/users')
    await rowAction(owner, INVITEE, 'Revoke invitation')
    await owner.getByRole('alertdialog').getByRole('button', { name: 'Revoke invitation' }).click()
    await expect.poll(() => receiver.accepted.map((r) => r.type)).toEqual(['member.invited', 'member.invited', 'member.deleted'])

    // Deleted: gone from the list.
    await owner.goto(endpointUrl)
    await hydrated(owner)
    await main(owner).getByRole('button', { name: 'Delete', exact: true }).click()
    await owner.getByRole('alertdialog', { name: 'Delete this endpoint?' }).getByRole('button', { name: 'Delete endpoint' }).click()
    await expect(owner.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible()
    await expect(main(owner).getByText(receiver.url)).toHaveCount(0)
  } finally {
    await receiver.close()
  }
})

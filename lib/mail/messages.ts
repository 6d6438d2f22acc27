// Mail bodies as plain data: both a text and an HTML part, so every client shows something
// readable. Every value that reaches the HTML goes through escapeHtml — workspace and people's
// names are typed by users and may hold markup.

/** A mail. `membershipId`: the invitation whose link it carries (whoever reads it may hold what the link grants). */
export type Mail = { to: string; subject: string; text: string; html: string; membershipId?: string }

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])
}

// Fixed locale and time zone: the same invitation reads the same on every server.
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' })

export function formatExpiry(date: Date): string {
  return `${dateFormat.format(date)} at ${timeFormat.format(date)} UTC`
}

type Layout = { preheader: string; paragraphs: string[]; button?: { label: string; href: string }; footer: string[] }

// A single-column layout without tables: modern clients render it, and screen readers read it in
// order. Arguments are already escaped HTML fragments.
function layout({ preheader, paragraphs, button, footer }: Layout): string {
  const p = (html: string) => `<p style="margin:0 0 16px;font-size:16px;line-height:24px;color:#111827">${html}</p>`
  const small = (html: string) => `<p style="margin:0 0 8px;font-size:14px;line-height:20px;color:#4b5563">${html}</p>`
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>',
    '<body style="margin:0;padding:0;background:#f9fafb;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">',
    `<div style="display:none;max-height:0;overflow:hidden">${preheader}</div>`,
    '<div style="max-width:560px;margin:0 auto;padding:32px 24px;background:#ffffff">',
    ...paragraphs.map(p),
    ...(button
      ? [
          `<p style="margin:24px 0"><a href="${button.href}" style="display:inline-block;padding:12px 20px;border-radius:6px;background:#4338ca;color:#ffffff;font-size:16px;font-weight:600;text-decoration:none">${button.label}</a></p>`,
        ]
      : []),
    ...footer.map(small),
    '</div>',
    '</body>',
    '</html>',
  ].join('\n')
}

export function invitationMail(p: { to: string; workspaceName: string; inviterName: string; inviterEmail: string; link: string; expiresAt: Date }): Mail {
  const expires = formatExpiry(p.expiresAt)
  // Line breaks in user-typed names must not reach a mail header.
  const subject = `${p.inviterName} invited you to ${p.workspaceName}`.replace(/\s+/g, ' ')
  const text = [
    `${p.inviterName} (${p.inviterEmail}) invited you to join the workspace ${p.workspaceName} on Teamgate.`,
    '',
    'Accept the invitation:',
    p.link,
    '',
    `This link expires on ${expires} and can be used once.`,
    '',
    `If you did not expect this invitation, you can ignore this email: nothing happens unless you open the link. Questions? Ask ${p.inviterName} at ${p.inviterEmail}.`,
  ].join('\n')

  const e = {
    workspace: escapeHtml(p.workspaceName),
    inviter: escapeHtml(p.inviterName),
    email: escapeHtml(p.inviterEmail),
    link: escapeHtml(p.link),
    expires: escapeHtml(expires),
  }
  const html = layout({
    preheader: `${e.inviter} invited you to ${e.workspace}`,
    paragraphs: [
      `<strong>${e.inviter}</strong> (<a href="mailto:${e.email}" style="color:#4338ca">${e.email}</a>) invited you to join the workspace <strong>${e.workspace}</strong> on Teamgate.`,
    ],
    button: { label: `Join ${e.workspace}`, href: e.link },
    footer: [
      `Or open this link: <a href="${e.link}" style="color:#4338ca;word-break:break-all">${e.link}</a>`,
      `This link expires on ${e.expires} and can be used once.`,
      `If you did not expect this invitation, you can ignore this email: nothing happens unless you open the link. Questions? Ask ${e.inviter} at ${e.email}.`,
    ],
  })
  return { to: p.to, subject, text, html }
}

type EmailChangeMail = { workspaceName: string; requesterName: string; requesterEmail: string; oldEmail: string; newEmail: string }

/** To the NEW address: the link that confirms the change (nothing changes until it is opened and confirmed). */
export function emailChangeConfirmMail(p: EmailChangeMail & { link: string; expiresAt: Date }): Mail {
  const expires = formatExpiry(p.expiresAt)
  const subject = `Confirm your new sign-in email for ${p.workspaceName}`.replace(/\s+/g, ' ')
  const text = [
    `${p.requesterName} (${p.requesterEmail}) asked to change the sign-in email of ${p.oldEmail} to this address (${p.newEmail}) in the workspace ${p.workspaceName} on Teamgate.`,
    '',
    'Confirm the change:',
    p.link,
    '',
    `This link expires on ${expires} and can be used once. Until it is confirmed, nothing changes.`,
    '',
    'If you did not expect this, ignore this email.',
  ].join('\n')
  const e = {
    workspace: escapeHtml(p.workspaceName),
    requester: escapeHtml(p.requesterName),
    requesterEmail: escapeHtml(p.requesterEmail),
    oldEmail: escapeHtml(p.oldEmail),
    newEmail: escapeHtml(p.newEmail),
    link: escapeHtml(p.link),
    expires: escapeHtml(expires),
  }
  const html = layout({
    preheader: `Confirm your new sign-in email for ${e.workspace}`,
    paragraphs: [
      `<strong>${e.requester}</strong> (${e.requesterEmail}) asked to change the sign-in email of <strong>${e.oldEmail}</strong> to this address (<strong>${e.newEmail}</strong>) in the workspace <strong>${e.workspace}</strong> on Teamgate.`,
    ],
    button: { label: 'Confirm new email', href: e.link },
    footer: [
      `Or open this link: <a href="${e.link}" style="color:#4338ca;word-break:break-all">${e.link}</a>`,
      `This link expires on ${e.expires} and can be used once. Until it is confirmed, nothing changes.`,
      'If you did not expect this, ignore this email.',
    ],
  })
  return { to: p.newEmail, subject, text, html }
}

/** To the OLD address: a notice, without a link (whoever reads it can do nothing with it). */
export function emailChangeNoticeMail(p: EmailChangeMail): Mail {
  const subject = `A change of your sign-in email was requested in ${p.workspaceName}`.replace(/\s+/g, ' ')
  const text = [
    `${p.requesterName} (${p.requesterEmail}) asked to change your sign-in email on Teamgate from ${p.oldEmail} to ${p.newEmail} (workspace ${p.workspaceName}).`,
    '',
    'Nothing changes unless the new address confirms it. Once it does, you sign in with the new address and your open sessions end.',
    '',
    `If this is not what you want, ask ${p.requesterName} at ${p.requesterEmail} to cancel the change.`,
  ].join('\n')
  const e = {
    workspace: escapeHtml(p.workspaceName),
    requester: escapeHtml(p.requesterName),
    requesterEmail: escapeHtml(p.requesterEmail),
    oldEmail: escapeHtml(p.oldEmail),
    newEmail: escapeHtml(p.newEmail),
  }
  const html = layout({
    preheader: `A change of your sign-in email was requested`,
    paragraphs: [
      `<strong>${e.requester}</strong> (${e.requesterEmail}) asked to change your sign-in email on Teamgate from <strong>${e.oldEmail}</strong> to <strong>${e.newEmail}</strong> (workspace ${e.workspace}).`,
      'Nothing changes unless the new address confirms it. Once it does, you sign in with the new address and your open sessions end.',
    ],
    footer: [`If this is not what you want, ask ${e.requester} at ${e.requesterEmail} to cancel the change.`],
  })
  return { to: p.oldEmail, subject, text, html }
}

/** The "forgot password" link, to the user's own address (sent only when an account has it). */
/** Who asked for a reset link on someone's behalf (a member page's Security section). */
export type ResetRequester = { name: string; email: string; workspaceName: string }

/**
 * A "forgot password" link: asked for by the account's owner on the sign-in page, or by an admin
 * of one of their workspaces (`requestedBy`), which the mail then says.
 */
export function passwordResetMail(p: { to: string; link: string; expiresAt: Date; requestedBy?: ResetRequester }): Mail {
  const expires = formatExpiry(p.expiresAt)
  const subject = 'Reset your Teamgate password'
  const by = p.requestedBy
  const who = by
    ? `${by.name} (${by.email}), of the workspace ${by.workspaceName}, asked us to send you a link to reset the password of the Teamgate account that signs in with this address.`
    : 'Someone asked to reset the password of the Teamgate account that signs in with this address.'
  const ignore = by
    ? `If you did not expect this, ignore this email: your password stays as it is. Questions? Ask ${by.name} at ${by.email}.`
    : 'If you did not ask for this, ignore this email: your password stays as it is.'
  const text = [
    who,
    '',
    'Choose a new password:',
    p.link,
    '',
    `This link expires on ${expires} and can be used once. Setting a new password ends every session of the account.`,
    '',
    ignore,
  ].join('\n')
  const e = { link: escapeHtml(p.link), expires: escapeHtml(expires) }
  const h = by && { name: escapeHtml(by.name), email: escapeHtml(by.email), workspace: escapeHtml(by.workspaceName) }
  const html = layout({
    preheader: 'Reset your Teamgate password',
    paragraphs: [
      h
        ? `<strong>${h.name}</strong> (${h.email}), of the workspace <strong>${h.workspace}</strong>, asked us to send you a link to reset the password of the Teamgate account that signs in with this address.`
        : 'Someone asked to reset the password of the Teamgate account that signs in with this address.',
    ],
    button: { label: 'Choose a new password', href: e.link },
    footer: [
      `Or open this link: <a href="${e.link}" style="color:#4338ca;word-break:break-all">${e.link}</a>`,
      `This link expires on ${e.expires} and can be used once. Setting a new password ends every session of the account.`,
      h
        ? `If you did not expect this, ignore this email: your password stays as it is. Questions? Ask ${h.name} at ${h.email}.`
        : 'If you did not ask for this, ignore this email: your password stays as it is.',
    ],
  })
  return { to: p.to, subject, text, html }
}

import { describe, expect, it } from 'vitest'
import { escapeHtml, formatExpiry, invitationMail, passwordResetMail } from './messages'

const base = {
  to: 'bob@example.test',
  workspaceName: 'Acme Inc.',
  inviterName: 'Ada Admin',
  inviterEmail: 'ada@example.test',
  link: 'https://app.example.test/invite/abc_DEF-123',
  expiresAt: new Date('2026-11-29T09:05:00Z'),
}

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;')
  })

  it('leaves other text alone and escapes an ampersand only once per pass', () => {
    expect(escapeHtml('Zoë & Co — 100%')).toBe('Zoë &amp; Co — 100%')
    expect(escapeHtml('&amp;')).toBe('&amp;amp;')
  })
})

describe('invitationMail', () => {
  it('addresses the invitee with a subject naming inviter and workspace', () => {
    const mail = invitationMail(base)
    expect(mail.to).toBe('bob@example.test')
    expect(mail.subject).toBe('Ada Admin invited you to Acme Inc.')
  })

  it('says in the text who invited whom where, the link, when it expires and what to do if unexpected', () => {
    const { text } = invitationMail(base)
    expect(text).toContain('Ada Admin (ada@example.test) invited you to join the workspace Acme Inc.')
    expect(text).toContain('\nhttps://app.example.test/invite/abc_DEF-123\n')
    expect(text).toContain('This link expires on 29 November 2026 at 09:05 UTC')
    expect(text).toMatch(/did not expect this invitation, you can ignore this email/)
  })

  it('says the same in the HTML, with a real link button and the raw link as text', () => {
    const { html } = invitationMail(base)
    expect(html).toContain('<html lang="en">')
    expect(html).toContain('<strong>Ada Admin</strong>')
    expect(html).toContain('ada@example.test')
    expect(html).toContain('<strong>Acme Inc.</strong>')
    expect(html).toContain('>Join Acme Inc.</a>')
    expect(html.match(/href="https:\/\/app\.example\.test\/invite\/abc_DEF-123"/g)).toHaveLength(2)
    expect(html).toContain('>https://app.example.test/invite/abc_DEF-123</a>')
    expect(html).toContain('29 November 2026')
    expect(html).toMatch(/did not expect this invitation/)
    expect(html).not.toContain('<table')
  })

  it('escapes every user-typed value in the HTML and keeps the text as typed', () => {
    const mail = invitationMail({
      ...base,
      workspaceName: '<script>alert(1)</script>',
      inviterName: 'Eve "<b>" O\'Brien',
      inviterEmail: 'eve+<i>@example.test',
      link: 'https://app.example.test/invite/x?a=1&b="2"',
    })
    expect(mail.html).not.toMatch(/<script|<b>|<i>/)
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(mail.html).toContain('Eve &quot;&lt;b&gt;&quot; O&#39;Brien')
    expect(mail.html).toContain('eve+&lt;i&gt;@example.test')
    expect(mail.html).toContain('href="https://app.example.test/invite/x?a=1&amp;b=&quot;2&quot;"')
    expect(mail.text).toContain('invited you to join the workspace <script>alert(1)</script>')
  })

  it('keeps line breaks of user-typed names out of the subject header', () => {
    expect(invitationMail({ ...base, workspaceName: 'Acme\r\nBcc: all@example.test' }).subject).toBe('Ada Admin invited you to Acme Bcc: all@example.test')
  })
})

describe('passwordResetMail', () => {
  const reset = { to: 'bob@example.test', link: 'https://app.example.test/reset-password/abc', expiresAt: new Date('2026-11-29T09:05:00Z') }

  it('asked for on the sign-in page: says someone asked, with the link and its expiry', () => {
    const { text, html } = passwordResetMail(reset)
    expect(text).toContain('Someone asked to reset the password')
    expect(text).toContain(reset.link)
    expect(text).toContain('29 November 2026 at 09:05 UTC')
    expect(html).toContain(`href="${reset.link}"`)
  })

  it('sent by an admin: names them and their workspace, escaped in the HTML', () => {
    const requestedBy = { name: 'Eve <b>Admin</b>', email: 'eve@example.test', workspaceName: 'Acme & <i>Co</i>' }
    const { subject, text, html } = passwordResetMail({ ...reset, requestedBy })
    expect(subject).toBe('Reset your Teamgate password')
    expect(text).toContain('Eve <b>Admin</b> (eve@example.test), of the workspace Acme & <i>Co</i>, asked us to send you a link to reset the password')
    expect(text).toContain('Questions? Ask Eve <b>Admin</b> at eve@example.test.')
    expect(text).not.toContain('Someone asked')
    expect(html).not.toMatch(/<b>|<i>/)
    expect(html).toContain(
      '<strong>Eve &lt;b&gt;Admin&lt;/b&gt;</strong> (eve@example.test), of the workspace <strong>Acme &amp; &lt;i&gt;Co&lt;/i&gt;</strong>',
    )
  })
})

describe('formatExpiry', () => {
  it('is in UTC whatever the server time zone', () => {
    expect(formatExpiry(new Date('2026-12-31T23:30:00Z'))).toBe('31 December 2026 at 23:30 UTC')
  })
})

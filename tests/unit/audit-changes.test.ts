import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { AuditChanges } from '@/app/(app)/settings/audit/audit-changes'
import { describeChanges } from '@/lib/audit-labels'

// The Changes cell as an admin reads it: labels and words, never the stored field names or enum codes.

/** The cell's visible text (the screen-reader words left out), one line per list item. */
function shown(before: unknown, after: unknown, names: Map<string, string> = new Map()) {
  const html = renderToStaticMarkup(createElement(AuditChanges, { changes: describeChanges(before, after, names) }))
  return html
    .replace(/<span class="sr-only">[^<]*<\/span>/g, '')
    .replace(/<\/li>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&')
    .trim()
}

describe('AuditChanges', () => {
  it('a role template change reads as the two names', () => {
    const text = shown(
      { roleTemplateId: 'tpl_a' },
      { roleTemplateId: 'tpl_b' },
      new Map([
        ['tpl_a', 'Support agent'],
        ['tpl_b', 'Read only'],
      ]),
    )
    expect(text).toBe('Role template: Support agent → Read only')
  })

  it('a role and a status change read as words', () => {
    const text = shown({ baseRole: 'MEMBER', status: 'INVITED' }, { baseRole: 'ADMIN', status: 'ACTIVE' })
    expect(text).toContain('Role: Member → Admin')
    expect(text).toContain('Status: Invited → Active')
    expect(text).not.toMatch(/baseRole|MEMBER|INVITED/)
  })

  it('permission keys read as the catalog labels', () => {
    const text = shown({ permissionsRemoved: ['contacts.export'] }, { permissionsAdded: ['inbox.view.own'] })
    expect(text).toContain('Permissions:')
    expect(text).toContain('+ Inbox › View conversations (assigned to themselves)')
    expect(text).toContain('− Contacts › Export contacts')
    expect(text).not.toContain('inbox.view.own')
  })

  it('a value holding HTML stays text', () => {
    const html = renderToStaticMarkup(createElement(AuditChanges, { changes: describeChanges({ name: 'Sales' }, { name: '<img src=x onerror=alert(1)>' }) }))
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;img')
  })
})

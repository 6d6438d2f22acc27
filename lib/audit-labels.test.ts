import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { BaseRole, MembershipStatus } from '@/lib/db/generated/enums'
import type { MemberSnapshot } from '@/lib/db/members'
import { deleteMembersSchema, setMemberStatusSchema } from '@/lib/validation/members'
import {
  ACTION_LABELS,
  RETIRED_ACTION_LABELS,
  actionLabel,
  AUDIT_ACTIONS,
  describeChanges,
  FIELDS,
  fieldLabel,
  formatField,
  LIST_KEYS,
  type AuditField,
  type AuditSnapshotKey,
} from './audit-labels'

// Coverage by construction: the writers are typed against AuditAction / AuditSnapshot (see
// AuditInput in lib/db/audit.ts), so they can only write what these maps name; the tests below
// check every name and every enum value has words, and read the writers' source for actions.

// Compile-time (tsc checks the tests): member.update spreads a member snapshot into its event,
// which the object-literal check does not see into, so its keys are checked here.
const memberSnapshotKey: AuditSnapshotKey = '' as keyof MemberSnapshot
void memberSnapshotKey

const ROOT = path.resolve(import.meta.dirname, '..')
function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((f) => f.isFile() && /\.tsx?$/.test(f.name) && !/\.test\.tsx?$/.test(f.name) && !f.parentPath.includes('generated'))
    .map((f) => path.join(f.parentPath, f.name))
}

/** Every action code the app's writers name: in `audits: [...]` declarations and `action: '…'` of the files that write events. */
function writtenActions(): Set<string> {
  const out = new Set<string>()
  for (const file of [...sources('app'), ...sources('lib')]) {
    const text = readFileSync(file, 'utf8')
    if (!/\baudit\(|recordAudit\(|audits:/.test(text)) continue
    for (const m of text.matchAll(/audits:\s*\[([^\]]*)\]/g)) for (const a of m[1].matchAll(/'([^']+)'/g)) out.add(a[1])
    if (/\baudit\(|recordAudit\(/.test(text)) for (const m of text.matchAll(/\baction:\s*'([a-z_]+\.[a-z_]+)'/g)) out.add(m[1])
  }
  return out
}

describe('every action the writers can record has words', () => {
  it('the source names only labelled actions, and the scan finds the writers', () => {
    const found = writtenActions()
    expect(found.size).toBeGreaterThanOrEqual(20)
    expect([...found].filter((a) => !(a in ACTION_LABELS))).toEqual([])
    // And no label for an action nobody writes any more.
    expect(AUDIT_ACTIONS.filter((a) => !found.has(a))).toEqual([])
  })

  it('each label is words, not the code', () => {
    for (const a of AUDIT_ACTIONS) {
      // Words, some of them hyphenated (“Two-factor sign-in reset”), or the acronym API.
      expect(actionLabel(a), a).toMatch(/^([A-Z][a-z]+(-[a-z]+)*|API)( ([a-z]+(-[a-z]+)*|API))*$/)
      expect(actionLabel(a)).not.toContain('.')
    }
    expect(actionLabel('member.suspend')).toBe('Member suspended')
    expect(actionLabel('legacy.thing')).toBe('legacy.thing')
  })

  it('a retired action (still in older events) keeps its words, and no writer records it any more', () => {
    const found = writtenActions()
    for (const [a, words] of Object.entries(RETIRED_ACTION_LABELS)) {
      expect(found.has(a), a).toBe(false)
      expect(a in ACTION_LABELS, a).toBe(false)
      expect(actionLabel(a)).toBe(words)
    }
    expect(actionLabel('profile.sign_out_everywhere')).toBe('Signed out everywhere')
  })
})

describe('every field and enum value has words', () => {
  it('each snapshot field, list key and diff field name has a label', () => {
    const keys: AuditSnapshotKey[] = [...(Object.keys(FIELDS) as AuditField[]), ...(Object.keys(LIST_KEYS) as (keyof typeof LIST_KEYS)[])]
    for (const k of keys) {
      const field = k in LIST_KEYS ? LIST_KEYS[k as keyof typeof LIST_KEYS] : k
      expect(fieldLabel(field), k).toMatch(/^[A-Z][A-Za-z -]+$/)
      expect(fieldLabel(field)).not.toBe(field)
    }
    expect(fieldLabel('')).toBe('Members') // bare added / removed lists: team members
  })

  it('every value of the schema enums reads as a word', () => {
    const cases: [string, readonly string[]][] = [
      ['baseRole', Object.values(BaseRole)],
      ['status', Object.values(MembershipStatus)],
      ['status', setMemberStatusSchema.shape.status.options],
      ['contacts', deleteMembersSchema.shape.reassignTo.unwrap().options],
    ]
    for (const [field, values] of cases) {
      expect(values.length, field).toBeGreaterThan(1)
      for (const v of values) {
        const word = formatField(field, v)
        expect(word, `${field}: ${v}`).not.toBe(v)
        expect(word).toMatch(/^[A-Z][a-z]+( [a-z]+)*$/)
      }
    }
    expect(formatField('crmAccess', true)).toBe('Yes')
    expect(formatField('crmAccess', false)).toBe('No')
  })

  it('ids read as names, or as "a deleted …" when gone; permission keys as the catalog labels', () => {
    const names = new Map([['tpl_1', 'Support agent']])
    expect(formatField('roleTemplateId', 'tpl_1', names)).toBe('Support agent')
    expect(formatField('roleTemplateId', 'tpl_gone', names)).toBe('a deleted role template')
    expect(formatField('copiedFrom', 'tpl_gone', names)).toBe('a deleted role template')
    expect(formatField('contactsTo', 'm_gone', names)).toBe('a deleted member or team')
    expect(formatField('roleTemplateId', null, names)).toBe('none')
    expect(formatField('permissions', 'inbox.view.own')).toBe('Inbox › View conversations (assigned to themselves)')
    expect(formatField('permissions', 'users.invite')).toMatch(/^[A-Z].* › /)
    expect(formatField('permissions', 'gone.key')).toBe('gone.key')
  })
})

describe('describeChanges: real events in words', () => {
  it('member.template: the role template by name', () => {
    const names = new Map([
      ['tpl_a', 'Support agent'],
      ['tpl_b', 'Read only'],
    ])
    expect(describeChanges({ roleTemplateId: 'tpl_a' }, { roleTemplateId: 'tpl_b' }, names)).toEqual([
      { kind: 'changed', field: 'Role template', from: 'Support agent', to: 'Read only' },
    ])
    expect(describeChanges({ roleTemplateId: 'tpl_x' }, { roleTemplateId: null }, names)).toEqual([
      { kind: 'changed', field: 'Role template', from: 'a deleted role template', to: 'none' },
    ])
  })

  it('member.join and member.suspend: the status in words', () => {
    expect(describeChanges({ status: 'INVITED' }, { status: 'ACTIVE' })).toEqual([{ kind: 'changed', field: 'Status', from: 'Invited', to: 'Active' }])
    expect(describeChanges({ status: 'ACTIVE' }, { status: 'SUSPENDED' })).toEqual([{ kind: 'changed', field: 'Status', from: 'Active', to: 'Suspended' }])
  })

  it('member.update: role, CRM access, teams and direct permissions', () => {
    const before = {
      email: 'a@x.io',
      baseRole: 'MEMBER',
      roleTemplate: 'Support agent',
      crmAccess: false,
      teams: ['Sales'],
      permissionsRemoved: ['contacts.export'],
    }
    const after = { email: 'a@x.io', baseRole: 'ADMIN', roleTemplate: null, crmAccess: true, teams: ['Sales', 'Support'], permissionsAdded: ['inbox.view.own'] }
    expect(describeChanges(before, after)).toEqual([
      { kind: 'changed', field: 'Role', from: 'Member', to: 'Admin' },
      { kind: 'changed', field: 'Role template', from: 'Support agent', to: 'none' },
      { kind: 'changed', field: 'CRM access', from: 'No', to: 'Yes' },
      { kind: 'list', field: 'Teams', added: ['Support'], removed: [] },
      { kind: 'list', field: 'Permissions', added: ['Inbox › View conversations (assigned to themselves)'], removed: ['Contacts › Export contacts'] },
    ])
  })

  it('member.invite, member.delete and team.members', () => {
    expect(
      describeChanges(null, { email: 'new@x.io', baseRole: 'MEMBER', roleTemplateId: 'tpl_a', crmAccess: true }, new Map([['tpl_a', 'Sales rep']])),
    ).toEqual([
      { kind: 'after', field: 'Email', value: 'new@x.io' },
      { kind: 'after', field: 'Role', value: 'Member' },
      { kind: 'after', field: 'Role template', value: 'Sales rep' },
      { kind: 'after', field: 'CRM access', value: 'Yes' },
    ])
    expect(
      describeChanges({ status: 'ACTIVE', permissions: ['users.view'] }, { contacts: 'team', contactsTo: 'team_1' }, new Map([['team_1', 'Support']])),
    ).toEqual([
      { kind: 'before', field: 'Status', value: 'Active' },
      { kind: 'before', field: 'Permissions', value: formatField('permissions', 'users.view') },
      { kind: 'after', field: 'Their contacts', value: 'Moved to a team' },
      { kind: 'after', field: 'Contacts given to', value: 'Support' },
    ])
    expect(describeChanges({ removed: ['a@x.io'] }, { added: ['b@x.io'] })).toEqual([
      { kind: 'list', field: 'Members', added: ['b@x.io'], removed: ['a@x.io'] },
    ])
  })

  it('keeps a field this version does not know as it is (older events)', () => {
    expect(describeChanges({ legacyFlag: 'ON' }, { legacyFlag: 'OFF' })).toEqual([{ kind: 'changed', field: 'legacyFlag', from: 'ON', to: 'OFF' }])
  })
})

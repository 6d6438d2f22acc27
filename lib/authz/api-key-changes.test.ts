import { describe, expect, it } from 'vitest'
import { makeAccess } from '@/tests/unit/make-access'
import { del, ins, TENANT, upd } from '@/tests/unit/world'
import type { Row } from '@/lib/db/access-changes'
import { checkApiKeys } from './api-key-changes'
import { PUBLIC_ONLY } from './rules'

// The API-key part of the change judge, clause by clause, on hand-built logs: a key holds access,
// so making one or handing one on is a grant (only what the actor holds); losing access is never
// escalation. The integration suites run it on what the key actions really wrote.

const key = (overrides: Row = {}): Row => ({
  id: 'k1',
  tenantId: TENANT,
  name: 'Provisioning',
  createdById: 'actor',
  permissions: ['users.view'],
  secretHash: 'hash-1',
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  ...overrides,
})
const manager = (...keys: string[]) => makeAccess({ membershipId: 'actor', directKeys: ['api_keys.view', 'api_keys.manage', ...keys] })
const viewer = makeAccess({ membershipId: 'actor', directKeys: ['api_keys.view', 'users.view', 'audit.view'] })
const needs = (doing: string) => ({ message: `${doing} needs the “Create and revoke API keys” permission.` })
const notHeld = (...keys: string[]) => ({
  message: `You can only give an API key permissions you hold yourself. Not held: ${keys.join(', ')}.`,
  field: 'permissions',
})

describe('checkApiKeys', () => {
  it('a log without API keys is not its business, whoever acts', () => {
    expect(checkApiKeys(null, [])).toBeNull()
    expect(checkApiKeys(null, [ins('Team', { id: 't1', tenantId: TENANT })])).toBeNull()
  })

  it('no actor may touch a key; nor may anyone touch another workspace’s, before or after', () => {
    expect(checkApiKeys(null, [ins('ApiKey', key())])).toEqual(PUBLIC_ONLY)
    const elsewhere = { message: 'That API key belongs to another workspace.' }
    expect(checkApiKeys(manager('users.view'), [ins('ApiKey', key({ tenantId: 'tenant-2' }))])).toEqual(elsewhere)
    expect(checkApiKeys(manager(), [del('ApiKey', key({ tenantId: 'tenant-2' }))])).toEqual(elsewhere)
    expect(checkApiKeys(manager(), [upd('ApiKey', key(), key({ tenantId: 'tenant-2' }))])).toEqual(elsewhere)
  })

  it('creating: needs the permission, in the actor’s own name, with only keys they hold', () => {
    expect(checkApiKeys(viewer, [ins('ApiKey', key())])).toEqual(needs('Creating an API key'))
    expect(checkApiKeys(manager('users.view'), [ins('ApiKey', key({ createdById: 'someone-else' }))])).toEqual({
      message: 'An API key is created in the name of the member who makes it.',
    })
    expect(checkApiKeys(manager('users.view'), [ins('ApiKey', key({ permissions: ['users.view', 'audit.view', 'teams.view'] }))])).toEqual(
      notHeld('audit.view', 'teams.view'),
    )
    expect(checkApiKeys(manager('users.view'), [ins('ApiKey', key())])).toBeNull()
    // Permissions that are not a list are no permissions.
    expect(checkApiKeys(manager(), [ins('ApiKey', key({ permissions: 'audit.view' }))])).toBeNull()
  })

  it('deleting needs the permission; a key made and deleted in the same change needs nothing, the next one is still judged', () => {
    expect(checkApiKeys(viewer, [del('ApiKey', key())])).toEqual(needs('Deleting an API key'))
    expect(checkApiKeys(manager(), [del('ApiKey', key())])).toBeNull()
    const made = [ins('ApiKey', key()), del('ApiKey', key())]
    expect(checkApiKeys(viewer, made)).toBeNull()
    expect(checkApiKeys(viewer, [...made, ins('ApiKey', key({ id: 'k2' }))])).toEqual(needs('Creating an API key'))
  })

  it('a key’s creator never changes, except when their membership is deleted: then the key lost everything', () => {
    expect(checkApiKeys(manager('users.view'), [upd('ApiKey', key(), key({ createdById: 'someone-else' }))])).toEqual({
      message: 'An API key’s creator cannot be changed.',
    })
    expect(checkApiKeys(viewer, [upd('ApiKey', key({ permissions: ['audit.view'] }), key({ permissions: ['audit.view'], createdById: null }))])).toBeNull()
    // From no creator to one is not a loss.
    expect(checkApiKeys(manager('users.view'), [upd('ApiKey', key({ createdById: null }), key())])).toEqual({
      message: 'An API key’s creator cannot be changed.',
    })
  })

  it('revoking needs the permission, whatever the key holds; a revoked key stays revoked', () => {
    const revoked = key({ permissions: ['audit.view', 'billing.manage'], revokedAt: '2026-12-01T00:00:00.000Z' })
    const live = key({ permissions: ['audit.view', 'billing.manage'] })
    expect(checkApiKeys(viewer, [upd('ApiKey', live, revoked)])).toEqual(needs('Revoking an API key'))
    expect(checkApiKeys(manager(), [upd('ApiKey', live, revoked)])).toBeNull()
    expect(checkApiKeys(manager('audit.view', 'billing.manage'), [upd('ApiKey', revoked, live)])).toEqual({
      message: 'A revoked API key stays revoked: create a new one.',
    })
  })

  it('a new secret hands the key on: every key it holds must be held by the actor', () => {
    const before = key({ permissions: ['users.view', 'audit.view'] })
    const rolled = key({ permissions: ['users.view', 'audit.view'], secretHash: 'hash-2' })
    expect(checkApiKeys(viewer, [upd('ApiKey', before, rolled)])).toEqual(needs('Changing an API key'))
    expect(checkApiKeys(manager('users.view'), [upd('ApiKey', before, rolled)])).toEqual(notHeld('audit.view'))
    expect(checkApiKeys(manager('users.view', 'audit.view'), [upd('ApiKey', before, rolled)])).toBeNull()
  })

  it('a later expiry, or none, hands the key on; an earlier one, or a first one, is only a change', () => {
    const at = (expiresAt: string | null) => key({ permissions: ['users.view', 'audit.view'], expiresAt })
    const jan = '2027-01-01T00:00:00.000Z'
    const jun = '2027-06-01T00:00:00.000Z'
    const mgr = manager('users.view')
    expect(checkApiKeys(mgr, [upd('ApiKey', at(jan), at(jun))])).toEqual(notHeld('audit.view'))
    expect(checkApiKeys(mgr, [upd('ApiKey', at(jan), at(null))])).toEqual(notHeld('audit.view'))
    // Restrictions: nothing new is handed on, only the permission to change keys is needed.
    expect(checkApiKeys(mgr, [upd('ApiKey', at(jun), at(jan))])).toBeNull()
    expect(checkApiKeys(mgr, [upd('ApiKey', at(null), at(jan))])).toBeNull()
    expect(checkApiKeys(viewer, [upd('ApiKey', at(jun), at(jan))])).toEqual(needs('Changing an API key'))
    expect(checkApiKeys(viewer, [upd('ApiKey', at(null), at(jan))])).toEqual(needs('Changing an API key'))
  })

  it('more keys: only the added ones must be held; fewer keys need only the permission', () => {
    const mgr = manager('users.view')
    const had = key({ permissions: ['audit.view'] })
    expect(checkApiKeys(mgr, [upd('ApiKey', had, key({ permissions: ['audit.view', 'users.view'] }))])).toBeNull()
    expect(checkApiKeys(mgr, [upd('ApiKey', had, key({ permissions: ['audit.view', 'teams.view'] }))])).toEqual(notHeld('teams.view'))
    expect(checkApiKeys(mgr, [upd('ApiKey', had, key({ permissions: [] }))])).toBeNull()
    expect(checkApiKeys(viewer, [upd('ApiKey', had, key({ permissions: [] }))])).toEqual(needs('Changing an API key'))
  })

  it('nothing that matters changed (its last use recorded): allowed to anyone in the workspace', () => {
    const member = makeAccess({ membershipId: 'someone' })
    expect(checkApiKeys(member, [upd('ApiKey', key(), key({ lastUsedAt: '2026-12-02T00:00:00.000Z', name: 'Renamed' }))])).toBeNull()
  })

  it('every key of the change is judged, not only the first allowed one', () => {
    const mgr = manager('users.view')
    const refusedCreation = ins('ApiKey', key({ id: 'k2', permissions: ['audit.view'] }))
    expect(checkApiKeys(mgr, [del('ApiKey', key()), refusedCreation])).toEqual(notHeld('audit.view'))
    expect(checkApiKeys(mgr, [ins('ApiKey', key()), refusedCreation])).toEqual(notHeld('audit.view'))
    expect(checkApiKeys(mgr, [upd('ApiKey', key(), key({ permissions: [] })), refusedCreation])).toEqual(notHeld('audit.view'))
  })

  it('a key changed twice is judged from its first row to its last', () => {
    const there = upd('ApiKey', key(), key({ secretHash: 'hash-2', permissions: ['audit.view'] }))
    const back = upd('ApiKey', key({ secretHash: 'hash-2', permissions: ['audit.view'] }), key())
    expect(checkApiKeys(viewer, [there, back])).toBeNull()
    expect(checkApiKeys(manager('users.view'), [there])).toEqual(notHeld('audit.view'))
  })
})

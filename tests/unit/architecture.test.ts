import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { importCircles, importGraph } from '../support/imports'

// The three layers (docs/architecture.md): actions and pages → services (lib/members, lib/roles)
// and the authorization module (lib/authz) → data functions (lib/db). Read from the imports.

const ROOT = path.resolve(import.meta.dirname, '../..')
const graph = importGraph(ROOT)

describe('architecture', () => {
  it('no module imports itself through others (no import circles)', () => {
    expect(importCircles(graph)).toEqual([])
  })

  it('only lib/db reaches the database: nothing else imports the Prisma client or the generated one', () => {
    const prisma = graph.edges.filter(
      (e) => !e.from.startsWith('lib/db/') && (e.to === 'lib/db/client.ts' || e.to.startsWith('lib/db/generated/') || e.to.startsWith('@prisma/')),
    )
    expect(prisma.map((e) => `${e.from} → ${e.to}`)).toEqual([])
  })

  it('the UI primitives know nothing of the app: components/ui imports no lib/ module but lib/forms', () => {
    const leaks = graph.edges.filter((e) => e.from.startsWith('components/ui/') && e.to.startsWith('lib/') && !e.to.startsWith('lib/forms/'))
    expect(leaks.map((e) => `${e.from} → ${e.to}`)).toEqual([])
  })

  it('reads the graph it checks (the test is not vacuous)', () => {
    expect(graph.modules.length).toBeGreaterThan(100)
    expect(graph.edges.some((e) => e.from === 'lib/authz/guards.ts' && e.to === 'lib/db/tx.ts')).toBe(true)
  })
})

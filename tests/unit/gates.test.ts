import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { APP, isServerActionFile, parseSource, ROOT, SOURCE, walk } from '../support/files'

// Static gates over app/: every page of the signed-in area calls requirePage itself, and every
// server action is made with defineAction (so it goes through session → permission → zod → audit).

const SIGNED_IN = path.join(APP, '(app)')
const parse = (name: string, source: string) => parseSource(name, source)
const rel = (file: string) => path.relative(ROOT, file)
const isUseServer = (s: ts.Statement | undefined) =>
  !!s && ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression) && s.expression.text === 'use server'
const hasModifier = (n: ts.Node, kind: ts.SyntaxKind) => ts.canHaveModifiers(n) && !!ts.getModifiers(n)?.some((m) => m.kind === kind)

/** Problems of a page: it must import requirePage from the guards and call it. */
function checkPage(name: string, source: string): string[] {
  const sf = parse(name, source)
  const imported = sf.statements.some(
    (s) =>
      ts.isImportDeclaration(s) &&
      ts.isStringLiteral(s.moduleSpecifier) &&
      s.moduleSpecifier.text === '@/lib/authz/guards' &&
      !!s.importClause?.namedBindings &&
      ts.isNamedImports(s.importClause.namedBindings) &&
      s.importClause.namedBindings.elements.some((e) => e.name.text === 'requirePage'),
  )
  let called = false
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'requirePage') called = true
    ts.forEachChild(n, visit)
  }
  visit(sf)
  const problems: string[] = []
  if (!imported) problems.push(`${name}: does not import requirePage from @/lib/authz/guards`)
  if (!called) problems.push(`${name}: does not call requirePage(`)
  return problems
}

/** definePublicAction is for people who are not signed in (accepting an invitation) only. */
const ACTION_MAKERS = new Set(['defineAction', 'definePublicAction'])

/** Problems of a 'use server' file: every export must be `export const X = defineAction(…)` (types are erased and allowed). */
function checkActionFile(name: string, source: string): string[] {
  const problems: string[] = []
  for (const s of parse(name, source).statements) {
    const line = `${name}: ${s.getText().split('\n')[0].slice(0, 80)}`
    if (ts.isExportAssignment(s)) problems.push(`${line} (export default)`)
    else if (ts.isExportDeclaration(s)) {
      if (!s.isTypeOnly) problems.push(`${line} (export list / re-export)`)
    } else if (hasModifier(s, ts.SyntaxKind.ExportKeyword)) {
      if (ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) continue
      if (!ts.isVariableStatement(s)) problems.push(`${line} (not made with defineAction)`)
      else if (!(s.declarationList.flags & ts.NodeFlags.Const)) problems.push(`${line} (not const)`)
      else
        for (const d of s.declarationList.declarations) {
          const init = d.initializer
          if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || !ACTION_MAKERS.has(init.expression.text))
            problems.push(`${line} (not made with defineAction)`)
          else if (init.expression.text === 'definePublicAction' && name.startsWith(path.join('app', '(app)')))
            problems.push(`${line} (a public action in the signed-in area)`)
        }
    }
  }
  return problems
}

/** Inline server actions ('use server' inside a function body) would bypass defineAction. */
function checkNoInlineUseServer(name: string, source: string): string[] {
  const problems: string[] = []
  const visit = (n: ts.Node) => {
    if (ts.isBlock(n) && isUseServer(n.statements[0]))
      problems.push(`${name}: inline 'use server' at line ${n.getSourceFile().getLineAndCharacterOfPosition(n.getStart()).line + 1}`)
    ts.forEachChild(n, visit)
  }
  visit(parse(name, source))
  return problems
}

const files = walk(APP, SOURCE).map((f) => ({ file: f, name: rel(f), source: fs.readFileSync(f, 'utf8') }))
const pages = files.filter((f) => f.file.startsWith(SIGNED_IN + path.sep) && /^page\.[jt]sx?$/.test(path.basename(f.file)))
const actionFiles = files.filter((f) => isServerActionFile(f.name, f.source))
const routes = files.filter((f) => f.file.startsWith(SIGNED_IN + path.sep) && /^route\.[jt]s$/.test(path.basename(f.file)))

/** Problems of a route handler of the signed-in area: it must call requireRoute from the guards. */
function checkRoute(name: string, source: string): string[] {
  return checkPage(name, source.replaceAll('requireRoute', 'requirePage')).map((p) => p.replaceAll('requirePage', 'requireRoute'))
}

describe('gates over app/', () => {
  it('finds pages and server action files (not vacuous)', () => {
    expect(pages.length).toBeGreaterThan(0)
    expect(actionFiles.length).toBeGreaterThan(0)
    expect(pages.map((p) => p.name)).toContain(path.join('app', '(app)', 'page.tsx'))
  })

  it('every page under app/(app)/ calls requirePage itself', () => {
    expect(pages.flatMap((p) => checkPage(p.name, p.source))).toEqual([])
  })

  it('every route handler under app/(app)/ calls requireRoute itself', () => {
    expect(routes.length).toBeGreaterThan(0)
    expect(routes.flatMap((r) => checkRoute(r.name, r.source))).toEqual([])
  })

  it("every export of a 'use server' file is made with defineAction", () => {
    expect(actionFiles.flatMap((f) => checkActionFile(f.name, f.source))).toEqual([])
  })

  it('no file defines an inline server action', () => {
    expect(files.flatMap((f) => checkNoInlineUseServer(f.name, f.source))).toEqual([])
  })
})

describe('gate checkers (self-test)', () => {
  const goodPage = `import { requirePage } from '@/lib/authz/guards'\nexport default async function P() { await requirePage('users.view'); return null }`

  it('accepts a page that calls requirePage', () => {
    expect(checkPage('page.tsx', goodPage)).toEqual([])
  })

  it('detects a page that does not call requirePage', () => {
    expect(checkPage('page.tsx', `export default function P() { return null }`)).toHaveLength(2)
    const onlyMentioned = `import { requirePage } from '@/lib/authz/guards'\n// requirePage('x')\nconst s = "requirePage("\nexport default function P() { return s }`
    expect(checkPage('page.tsx', onlyMentioned)).toEqual(['page.tsx: does not call requirePage('])
    const fake = `const requirePage = async () => null\nexport default async function P() { await requirePage() }`
    expect(checkPage('page.tsx', fake)).toEqual(['page.tsx: does not import requirePage from @/lib/authz/guards'])
  })

  const header = `// a comment first\n'use server'\nimport { defineAction } from '@/lib/authz/guards'\n`

  it("recognises 'use server' only as the first statement", () => {
    expect(isServerActionFile('a.ts', header)).toBe(true)
    expect(isServerActionFile('a.ts', `"use server";\nexport const x = 1`)).toBe(true)
    expect(isServerActionFile('a.ts', `import x from 'y'\n'use server'`)).toBe(false)
    expect(isServerActionFile('a.ts', `'use client'\nexport const x = 1`)).toBe(false)
  })

  it('accepts defineAction exports and type exports', () => {
    const good = `${header}export type In = { a: string }\nexport const a = defineAction({ permission: null, schema: s }, async () => ok())\nconst helper = 1`
    expect(checkActionFile('a.ts', good)).toEqual([])
  })

  it('detects every other kind of export', () => {
    const bad = [
      'export async function act() {}',
      'export function act() {}',
      'export default defineAction({ permission: null, schema: s }, h)',
      'const a = 1\nexport { a }',
      "export * from './other'",
      'export const a = async () => null',
      'export let a = defineAction({ permission: null, schema: s }, h)',
      'export const a = defineAction(d, h), b = 2',
      'export class A {}',
    ]
    for (const b of bad) expect(checkActionFile('a.ts', `${header}${b}`), b).toHaveLength(1)
  })

  it('detects a route handler without requireRoute', () => {
    const good = `import { requireRoute } from '@/lib/authz/guards'\nexport async function GET() { const a = await requireRoute('users.view'); return a }`
    expect(checkRoute('route.ts', good)).toEqual([])
    expect(checkRoute('route.ts', `export async function GET() { return new Response('') }`)).toEqual([
      'route.ts: does not import requireRoute from @/lib/authz/guards',
      'route.ts: does not call requireRoute(',
    ])
  })

  it('allows a public action outside the signed-in area only', () => {
    const pub = `${header}export const accept = definePublicAction({ schema: s }, h)`
    expect(checkActionFile(path.join('app', 'invite', 'actions.ts'), pub)).toEqual([])
    expect(checkActionFile(path.join('app', '(app)', 'settings', 'actions.ts'), pub)).toHaveLength(1)
  })

  it('detects an inline server action', () => {
    const inline = `export default function P() { async function act() { 'use server'; return 1 } return act }`
    expect(checkNoInlineUseServer('page.tsx', inline)).toHaveLength(1)
    expect(checkNoInlineUseServer('page.tsx', goodPage)).toEqual([])
  })
})

import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { walk } from '../support/files'
import { describe, expect, it } from 'vitest'

// A static gate: no client module reaches zod through static imports, so zod (~30 kB gzipped)
// stays out of every page's first-load JavaScript. Forms load their schema on first use
// (lib/forms/lazy-resolver.ts); constants come from zod-free modules (e.g.
// lib/validation/members-constants.ts). Type-only imports are erased and allowed; dynamic
// `import()` is how the schemas are meant to be loaded; a 'use server' module is only a
// reference in the browser, so its own imports do not count.

const ROOT = path.resolve(import.meta.dirname, '../..')
const FORBIDDEN = [/^zod(\/|$)/, /^@hookform\/resolvers\/zod$/]

const walkTs = (dir: string) => walk(dir, /\.tsx?$/).filter((f) => !/\.test\.tsx?$/.test(f))

const parse = (name: string, source: string) =>
  ts.createSourceFile(name, source, ts.ScriptTarget.Latest, true, name.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
const directive = (sf: ts.SourceFile) => {
  const s = sf.statements[0]
  return s && ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression) ? s.expression.text : null
}

/** The specifiers a module imports (or re-exports) at run time: type-only ones are left out. */
function runtimeImports(sf: ts.SourceFile): string[] {
  const out: string[] = []
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) {
      const c = s.importClause
      if (c?.isTypeOnly) continue
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : null
      // `import { type A, type B } from 'x'` is erased too.
      if (c && !c.name && named && named.length > 0 && named.every((e) => e.isTypeOnly)) continue
      out.push(s.moduleSpecifier.text)
    } else if (ts.isExportDeclaration(s) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)) {
      if (s.isTypeOnly) continue
      const named = s.exportClause && ts.isNamedExports(s.exportClause) ? s.exportClause.elements : null
      if (named && named.length > 0 && named.every((e) => e.isTypeOnly)) continue
      out.push(s.moduleSpecifier.text)
    }
  }
  return out
}

type Source = { read(file: string): string | null }

/** The project file a specifier names, or null for a package. */
function resolve(from: string, spec: string, src: Source): string | null {
  const base = spec.startsWith('@/') ? path.join(ROOT, spec.slice(2)) : spec.startsWith('.') ? path.resolve(path.dirname(from), spec) : null
  if (!base) return null
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')])
    if (/\.tsx?$/.test(candidate) && src.read(candidate) !== null) return candidate
  return null
}

/** For each client root, the chain of static imports that reaches zod, if any. */
function zodChains(roots: string[], src: Source): string[] {
  const seen = new Map<string, string[] | null>()
  const reach = (file: string): string[] | null => {
    if (seen.has(file)) return seen.get(file) ?? null
    seen.set(file, null)
    const sf = parse(file, src.read(file) ?? '')
    if (directive(sf) === 'use server') return null
    for (const spec of runtimeImports(sf)) {
      if (FORBIDDEN.some((re) => re.test(spec))) {
        seen.set(file, [spec])
        return [spec]
      }
      const next = resolve(file, spec, src)
      const chain = next ? reach(next) : null
      if (chain) {
        const found = [path.relative(ROOT, next!), ...chain]
        seen.set(file, found)
        return found
      }
    }
    return null
  }
  return roots.flatMap((r) => {
    const chain = reach(r)
    return chain ? [[path.relative(ROOT, r), ...chain].join(' → ')] : []
  })
}

const disk: Source = { read: (f) => (fs.existsSync(f) && fs.statSync(f).isFile() ? fs.readFileSync(f, 'utf8') : null) }
const clientRoots = [...walkTs(path.join(ROOT, 'app')), ...walkTs(path.join(ROOT, 'components')), ...walkTs(path.join(ROOT, 'lib'))].filter(
  (f) => directive(parse(f, disk.read(f) ?? '')) === 'use client',
)

describe('zod stays out of client bundles', () => {
  it('finds client components (not vacuous)', () => {
    expect(clientRoots.length).toBeGreaterThan(20)
    expect(clientRoots.map((f) => path.relative(ROOT, f))).toContain(path.join('app', '(app)', 'settings', 'users', 'users-table.tsx'))
  })

  it("no 'use client' module imports zod or a zod-bearing module statically", () => {
    expect(zodChains(clientRoots, disk)).toEqual([])
  })
})

describe('zod gate (self-test)', () => {
  const at = (f: string) => path.join(ROOT, f)
  const memory = (files: Record<string, string>): Source => ({ read: (f) => files[path.relative(ROOT, f)] ?? null })

  it('follows static imports and re-exports to zod, and reports the chain', () => {
    const src = memory({
      'app/form.tsx': `'use client'\nimport { PAGE } from '@/lib/v/members'\n`,
      'lib/v/members.ts': `export * from './schemas'\nexport const PAGE = 1`,
      'lib/v/schemas.ts': `import { z } from 'zod'\nexport const s = z.string()`,
      'app/resolver.tsx': `'use client'\nimport { zodResolver } from '@hookform/resolvers/zod'`,
    })
    expect(zodChains([at('app/form.tsx'), at('app/resolver.tsx')], src)).toEqual([
      'app/form.tsx → lib/v/members.ts → lib/v/schemas.ts → zod',
      'app/resolver.tsx → @hookform/resolvers/zod',
    ])
  })

  it('allows type-only imports, dynamic imports and server action modules', () => {
    const src = memory({
      'app/form.tsx': [
        `'use client'`,
        `import type { z } from 'zod'`,
        `import { type Schema, type Input } from '@/lib/v/schemas'`,
        `import { save } from './actions'`,
        `export type { Other } from '@/lib/v/schemas'`,
        `const load = () => import('@/lib/v/schemas')`,
      ].join('\n'),
      'app/actions.ts': `'use server'\nimport { s } from '@/lib/v/schemas'\nexport const save = s`,
      'lib/v/schemas.ts': `import { z } from 'zod'\nexport const s = z.string()`,
    })
    expect(zodChains([at('app/form.tsx')], src)).toEqual([])
  })

  it('counts a mixed import (a value among types) as a run-time import', () => {
    const src = memory({
      'app/form.tsx': `'use client'\nimport { s, type Input } from '@/lib/v/schemas'`,
      'lib/v/schemas.ts': `import * as z from 'zod/mini'\nexport const s = z.string()`,
    })
    expect(zodChains([at('app/form.tsx')], src)).toEqual(['app/form.tsx → lib/v/schemas.ts → zod/mini'])
  })
})

import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

// The import graph of the app's own modules (app/, components/, lib/), read with the TypeScript
// compiler and resolved as tsc resolves them (the `@/` alias included): for the architecture
// tests (no import circles, the Prisma client only in lib/db).

export type ImportEdge = { from: string; to: string; typeOnly: boolean }

const SOURCE = /\.(ts|tsx)$/

function files(root: string, dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name)
    if (e.isDirectory()) return rel === path.join('lib', 'db', 'generated') ? [] : files(root, rel)
    return SOURCE.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [rel] : []
  })
}

export function importGraph(root: string, dirs = ['app', 'components', 'lib']): { modules: string[]; edges: ImportEdge[] } {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile).config
  const options = ts.parseJsonConfigFileContent(config, ts.sys, root).options
  const modules = dirs.flatMap((d) => files(root, d))
  const edges: ImportEdge[] = []
  for (const from of modules) {
    const abs = path.join(root, from)
    const sf = ts.createSourceFile(abs, fs.readFileSync(abs, 'utf8'), ts.ScriptTarget.Latest, false)
    for (const st of sf.statements) {
      const spec =
        (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)
          ? st.moduleSpecifier.text
          : null
      if (!spec) continue
      const typeOnly = ts.isImportDeclaration(st) ? !!st.importClause?.isTypeOnly : ts.isExportDeclaration(st) && st.isTypeOnly
      const resolved = ts.resolveModuleName(spec, abs, options, ts.sys).resolvedModule?.resolvedFileName
      if (!resolved || resolved.includes('node_modules')) {
        edges.push({ from, to: spec, typeOnly })
        continue
      }
      edges.push({ from, to: path.relative(root, resolved), typeOnly })
    }
  }
  return { modules, edges }
}

/** Groups of modules that import each other in a circle (strongly connected components, type imports included). */
export function importCircles(graph: { modules: string[]; edges: ImportEdge[] }): string[][] {
  const next = new Map<string, string[]>(graph.modules.map((m) => [m, []]))
  for (const e of graph.edges) if (next.has(e.to)) next.get(e.from)!.push(e.to)
  let index = 0
  const idx = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const on = new Set<string>()
  const out: string[][] = []
  const visit = (v: string) => {
    idx.set(v, index)
    low.set(v, index++)
    stack.push(v)
    on.add(v)
    for (const w of next.get(v)!) {
      if (!idx.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!))
    }
    if (low.get(v) === idx.get(v)) {
      const group: string[] = []
      let w: string
      do {
        w = stack.pop()!
        on.delete(w)
        group.push(w)
      } while (w !== v)
      if (group.length > 1 || next.get(v)!.includes(v)) out.push(group.sort())
    }
  }
  for (const m of graph.modules) if (!idx.has(m)) visit(m)
  return out
}

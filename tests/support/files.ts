import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

// Reading the project's own files, for the suites that check the code itself (gates, the action
// registry, the client bundle, the routes of the e2e matrix).

export const ROOT = path.resolve(import.meta.dirname, '../..')
export const APP = path.join(ROOT, 'app')

/** Every file below `dir` whose name matches `only` (every file without it). */
export function walk(dir: string, only?: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? walk(p, only) : !only || only.test(e.name) ? [p] : []
  })
}

/** Source files (TypeScript and JavaScript). */
export const SOURCE = /\.(tsx?|jsx?|mjs)$/

export function parseSource(file: string, source = fs.readFileSync(file, 'utf8')): ts.SourceFile {
  return ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
}

/** Whether the file's first statement (comments aside) is the 'use server' directive. */
export function isServerActionFile(file: string, source = fs.readFileSync(file, 'utf8')): boolean {
  const first = parseSource(file, source).statements[0]
  return !!first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === 'use server'
}

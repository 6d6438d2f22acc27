import fs from 'node:fs'
import path from 'node:path'
import { expect, type APIRequestContext } from '@playwright/test'
import ts from 'typescript'
import { LEAVES, MODULES } from '../lib/authz/catalog'
import { walk } from '../tests/support/files'
import { PAGE_REQUIREMENTS } from '../tests/support/requirements'

// The gated routes of the signed-in area, found on the file system when the tests run: every
// page.tsx and route.ts under app/(app)/, with the argument of its requirePage(…) /
// requireRoute(…) call read by the TypeScript compiler (and the requirePage of every layout
// above it). A new page or route is in the security matrix the moment it exists; a dynamic
// segment, a gate or a 404 this file cannot explain fails the test instead of being skipped.

const ROOT = path.resolve(import.meta.dirname, '..')
const SIGNED_IN = path.join(ROOT, 'app', '(app)')

/** What a gate requires: null is any signed-in active member; an array is any of them. */
export type Requirement = null | string | readonly string[]

export type GatedFile = {
  /** e.g. app/(app)/settings/roles/[roleId]/page.tsx */
  file: string
  kind: 'page' | 'route'
  /** The URL with its dynamic segments still in brackets: /settings/roles/[roleId] */
  pattern: string
  /** The HTTP methods a route.ts exports (GET for a page). */
  methods: string[]
  /** Every gate on the way, layouts first: all of them must pass. 'dynamic' = not a literal. */
  gates: (Requirement | 'dynamic')[]
  /** The source text of a non-literal gate argument, for messages. */
  dynamicGate?: string
  /** The page calls notFound() before its gate (so some 404s do not depend on the persona). */
  notFoundBeforeGate: boolean
}

/** One request of the matrix. */
export type RouteCheck = {
  url: string
  method: string
  kind: 'page' | 'route'
  file: string
  gates: Requirement[]
  /** Every signed-in persona gets 404 before any gate (an unknown module, a page switched off). */
  notFoundForAll: boolean
  /** The ids of workspace records in the URL, by segment name (what another workspace must not see). */
  records: { segment: string; id: string }[]
}

// ---- Dynamic segments: where their real values come from. Add one here with its page. ----

/** Records of the demo workspace: the owner reads a real id from the links of the list page. */
export const RECORD_SEGMENTS: Record<string, { list: string; /** visible only within the member's record scopes */ scoped: boolean }> = {
  roleId: { list: '/settings/roles', scoped: false },
  memberId: { list: '/settings/users', scoped: false },
  contactId: { list: '/contacts?size=100', scoped: true },
  endpointId: { list: '/settings/webhooks', scoped: false },
}

/**
 * Catalog segments: one value per catalog entry, and the requirement that value's page has (the
 * module pages are gated like their menu entry, whose `anyOf` the catalog holds).
 */
const CATALOG_SEGMENTS: Record<string, (pattern: string) => { value: string; gate: Requirement }[]> = {
  moduleId: (pattern) =>
    MODULES.flatMap((m) =>
      m.nav.filter((n) => n.href === pattern.replace('[moduleId]', m.id)).map((n) => ({ value: m.id as string, gate: n.anyOf as readonly string[] })),
    ),
}

/** A value no catalog entry has: a signed-in member gets 404 before any gate. */
const UNKNOWN_CATALOG_VALUE = 'no-such-module-e2e'

/**
 * Pages that answer 404 before their gate unless something is switched on, and whether the e2e
 * server switches it on. Any other page calling notFound() before its gate fails the matrix.
 */
const SWITCHED_PAGES: Record<string, { why: string; enabledInE2E: () => boolean }> = {
  '/dev/mailbox': {
    why: 'the dev mailbox opens only for a local trial, or with DEV_MAILBOX=1 (lib/mail/mailbox.ts mailboxOpen)',
    // The e2e server runs NODE_ENV=production with the test runner's environment plus its own.
    enabledInE2E: () =>
      process.env.DEV_MAILBOX === '1' || /\bDEV_MAILBOX\s*:\s*['"`]1['"`]/.test(fs.readFileSync(path.join(ROOT, 'scripts', 'e2e-server.mjs'), 'utf8')),
  },
}

// ---- Reading the files ----

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

function parse(file: string) {
  const source = fs.readFileSync(file, 'utf8')
  return ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
}

function calls(node: ts.Node, name: string): ts.CallExpression[] {
  const out: ts.CallExpression[] = []
  const visit = (n: ts.Node) => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === name) out.push(n)
    ts.forEachChild(n, visit)
  }
  visit(node)
  return out
}

/** The requirement a requirePage/requireRoute call states, or 'dynamic' when it is not literal. */
export function requirementOf(call: ts.CallExpression): Requirement | 'dynamic' {
  const arg = call.arguments[0]
  if (!arg || arg.kind === ts.SyntaxKind.NullKeyword) return null
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return arg.text
  const inner = ts.isAsExpression(arg) || ts.isSatisfiesExpression(arg) ? arg.expression : arg
  if (ts.isArrayLiteralExpression(inner) && inner.elements.every((e) => ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)))
    return inner.elements.map((e) => (e as ts.StringLiteral).text)
  return 'dynamic'
}

/** Whether a requirePage/requireRoute call opts out of the two-factor requirement: `{ beforeTwoFactor: true }` as its second argument. */
export function optsOutOfTwoFactor(call: ts.CallExpression): boolean {
  const opts = call.arguments[1]
  if (!opts) return false
  if (!ts.isObjectLiteralExpression(opts)) throw new Error(`${call.getText()}: the gate's options are not an object literal this file can read`)
  return opts.properties.some(
    (p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'beforeTwoFactor' && p.initializer.kind === ts.SyntaxKind.TrueKeyword,
  )
}

/**
 * Every layout, page and route handler of the signed-in area whose gate opts out of the
 * two-factor requirement (reachable before a member sets it up where it is required), sorted.
 */
export function twoFactorOptOuts(): string[] {
  const files = walk(SIGNED_IN).filter((f) => /^(page|layout)\.(tsx|ts|jsx|js)$|^route\.(ts|js)$/.test(path.basename(f)))
  return files
    .filter((f) => [...calls(parse(f), 'requirePage'), ...calls(parse(f), 'requireRoute')].some(optsOutOfTwoFactor))
    .map(rel)
    .sort()
}

function rel(file: string) {
  return path.relative(ROOT, file).split(path.sep).join('/')
}

/** The URL of a folder under app/(app)/: route groups dropped, dynamic segments kept in brackets. */
function urlPattern(dir: string): string {
  const parts = path.relative(SIGNED_IN, dir).split(path.sep).filter(Boolean)
  const out: string[] = []
  for (const p of parts) {
    if (/^\(.+\)$/.test(p)) continue // a route group
    if (p.startsWith('@') || p.startsWith('_') || /^\[\[?\.\.\./.test(p) || /^\(\.+\)/.test(p))
      throw new Error(
        `${rel(dir)}: the segment "${p}" (slot, private folder, catch-all or intercepting route) is not handled by e2e/routes.ts: teach it how to reach this route`,
      )
    out.push(p)
  }
  return '/' + out.join('/')
}

/** The requirePage of every layout.tsx from app/(app)/ down to the folder of a page. */
function layoutGates(dir: string): { gates: (Requirement | 'dynamic')[]; texts: string[] } {
  const gates: (Requirement | 'dynamic')[] = []
  const texts: string[] = []
  for (let d = SIGNED_IN; ;) {
    for (const name of ['layout.tsx', 'layout.ts', 'layout.jsx', 'layout.js']) {
      const f = path.join(d, name)
      if (!fs.existsSync(f)) continue
      for (const c of calls(parse(f), 'requirePage')) {
        gates.push(requirementOf(c))
        texts.push(c.getText())
      }
    }
    if (d === dir) break
    const next = path.relative(d, dir).split(path.sep)[0]
    d = path.join(d, next)
  }
  return { gates, texts }
}

/** Every page.tsx and route.ts of the signed-in area, with its gates. */
export function gatedFiles(): GatedFile[] {
  const files = walk(SIGNED_IN).filter((f) => /^(page\.(tsx|ts|jsx|js)|route\.(ts|js))$/.test(path.basename(f)))
  return files.sort().map((file) => {
    const sf = parse(file)
    const isPage = path.basename(file).startsWith('page.')
    const dir = path.dirname(file)
    const pattern = urlPattern(dir)
    const name = rel(file)
    const gateName = isPage ? 'requirePage' : 'requireRoute'
    if (isPage) {
      const found = calls(sf, gateName)
      if (found.length !== 1) throw new Error(`${name}: expected exactly one ${gateName}(…) call, found ${found.length}`)
      const gate = found[0]
      const early = calls(sf, 'notFound').some((c) => c.getStart() < gate.getStart())
      const layouts = layoutGates(dir)
      const own = requirementOf(gate)
      return {
        file: name,
        kind: 'page',
        pattern,
        methods: ['GET'],
        gates: [...layouts.gates, own],
        notFoundBeforeGate: early,
        dynamicGate: [...layouts.texts, gate.getText()].filter((_, i) => [...layouts.gates, own][i] === 'dynamic').join('; ') || undefined,
      }
    }
    // A route handler: one gate per exported HTTP method.
    const methods: string[] = []
    const gates = new Map<string, Requirement | 'dynamic'>()
    for (const s of sf.statements) {
      const exported = ts.canHaveModifiers(s) && !!ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      if (!exported) continue
      const decls: [string, ts.Node][] =
        ts.isFunctionDeclaration(s) && s.name
          ? [[s.name.text, s]]
          : ts.isVariableStatement(s)
            ? s.declarationList.declarations.filter((d) => ts.isIdentifier(d.name)).map((d) => [(d.name as ts.Identifier).text, d])
            : []
      for (const [method, node] of decls) {
        if (!HTTP_METHODS.includes(method)) continue
        const found = calls(node, gateName)
        if (found.length !== 1) throw new Error(`${name}: ${method} must call ${gateName}(…) exactly once, found ${found.length}`)
        methods.push(method)
        gates.set(method, requirementOf(found[0]))
      }
    }
    if (methods.length === 0) throw new Error(`${name}: exports no HTTP method handler the matrix knows`)
    const distinct = new Set([...gates.values()].map((g) => JSON.stringify(g)))
    if (distinct.size > 1) throw new Error(`${name}: methods with different gates are not handled by e2e/routes.ts yet`)
    const gate = gates.get(methods[0])!
    return { file: name, kind: 'route', pattern, methods, gates: [gate], notFoundBeforeGate: false, dynamicGate: gate === 'dynamic' ? name : undefined }
  })
}

/** The dynamic segments of a pattern, in order. */
export function segmentsOf(pattern: string): string[] {
  return [...pattern.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1])
}

/**
 * The concrete requests of the matrix. `ids` holds a real value for every record segment
 * (read by the owner at run time); an unknown segment, a non-literal gate without a catalog
 * segment to explain it, or an unexplained 404 before the gate throws, naming the file.
 */
export function routeChecks(files: GatedFile[], ids: Record<string, string>): RouteCheck[] {
  const checks: RouteCheck[] = []
  for (const f of files) {
    const segments = segmentsOf(f.pattern)
    for (const s of segments)
      if (!(s in RECORD_SEGMENTS) && !(s in CATALOG_SEGMENTS))
        throw new Error(
          `${f.file}: the dynamic segment [${s}] has no known value. Add it to RECORD_SEGMENTS or CATALOG_SEGMENTS in e2e/routes.ts so the security matrix covers this route.`,
        )
    const catalogSegs = segments.filter((s) => s in CATALOG_SEGMENTS)
    if (catalogSegs.length > 1) throw new Error(`${f.file}: more than one catalog segment is not handled by e2e/routes.ts`)
    const switched = SWITCHED_PAGES[f.pattern]
    if (f.notFoundBeforeGate && catalogSegs.length === 0 && !switched)
      throw new Error(
        `${f.file}: calls notFound() before its gate. Say why in SWITCHED_PAGES in e2e/routes.ts (what switches the page on, and whether the e2e server does).`,
      )
    if (f.gates.includes('dynamic') && catalogSegs.length === 0)
      throw new Error(`${f.file}: its gate (${f.dynamicGate}) is not a literal and no catalog segment says what it requires: teach e2e/routes.ts`)

    // The expectation is the reviewed table's (tests/support/requirements.ts), not the code's own
    // gate: tests/unit/requirements.test.ts fails while the two disagree.
    const stated = PAGE_REQUIREMENTS[f.file]
    if (!stated) throw new Error(`${f.file}: not in the reviewed table of requirements (tests/support/requirements.ts)`)
    // Catalog segments expand into one URL per entry, the gate taken from the catalog.
    const variants: { url: string; gates: Requirement[]; notFoundForAll: boolean }[] = []
    const staticGates = stated.filter((g): g is Requirement => g !== 'dynamic' && g !== 'public')
    if (catalogSegs.length === 1) {
      const seg = catalogSegs[0]
      const entries = CATALOG_SEGMENTS[seg](f.pattern)
      if (entries.length === 0) throw new Error(`${f.file}: the catalog has no value for [${seg}]`)
      for (const e of entries) variants.push({ url: f.pattern.replace(`[${seg}]`, e.value), gates: [...staticGates, e.gate], notFoundForAll: false })
      if (f.notFoundBeforeGate) variants.push({ url: f.pattern.replace(`[${seg}]`, UNKNOWN_CATALOG_VALUE), gates: staticGates, notFoundForAll: true })
    } else {
      variants.push({ url: f.pattern, gates: staticGates, notFoundForAll: !!switched && !switched.enabledInE2E() })
    }

    for (const v of variants) {
      const records: RouteCheck['records'] = []
      let url = v.url
      for (const s of segments.filter((x) => x in RECORD_SEGMENTS)) {
        const id = ids[s]
        if (!id) throw new Error(`${f.file}: no real value was found for [${s}] (the owner's ${RECORD_SEGMENTS[s].list})`)
        url = url.replace(`[${s}]`, encodeURIComponent(id))
        records.push({ segment: s, id })
      }
      for (const method of f.methods) checks.push({ url, method, kind: f.kind, file: f.file, gates: v.gates, notFoundForAll: v.notFoundForAll, records })
    }
  }
  return checks
}

/** A real value for every record segment, read from the links of its list page as this member sees it. */
export async function recordIds(request: APIRequestContext, files: GatedFile[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {}
  for (const f of files) {
    for (const seg of Object.keys(RECORD_SEGMENTS).filter((s) => f.pattern.includes(`[${s}]`))) {
      if (ids[seg]) continue
      const base = f.pattern.slice(0, f.pattern.indexOf(`[${seg}]`))
      const res = await request.get(RECORD_SEGMENTS[seg].list)
      expect(res.status(), `${RECORD_SEGMENTS[seg].list}`).toBe(200)
      const html = await res.text()
      const skip = staticSiblings(files, seg)
      const found = [...html.matchAll(new RegExp(`href="${base.replace(/[/.]/g, '\\$&')}([^"/?#]+)"`, 'g'))]
        .map((m) => decodeURIComponent(m[1]))
        .filter((v) => !skip.has(v))
      expect(found.length, `a real value for [${seg}] in ${RECORD_SEGMENTS[seg].list}`).toBeGreaterThan(0)
      ids[seg] = found[0]
    }
  }
  return ids
}

/** The static names next to a record segment's folder (`new`, `export`): not record ids. */
export function staticSiblings(files: GatedFile[], segment: string): Set<string> {
  const out = new Set<string>()
  for (const f of files) {
    const parts = f.pattern.split('/')
    const i = parts.indexOf(`[${segment}]`)
    if (i < 0) continue
    const parent = parts.slice(0, i).join('/')
    for (const g of files) {
      const q = g.pattern.split('/')
      if (q.slice(0, i).join('/') === parent && q[i] && !q[i].startsWith('[')) out.add(q[i])
    }
  }
  return out
}

/** Whether leaf keys satisfy a requirement, as Access.can / canAny do (an action matches any scope of it). */
export function holds(permissions: readonly string[], req: Requirement): boolean {
  if (req === null) return true
  const held = new Set(permissions)
  const one = (p: string) => LEAVES.some((l) => (l.key === p || l.action === p) && held.has(l.key))
  return typeof req === 'string' ? one(req) : req.some(one)
}

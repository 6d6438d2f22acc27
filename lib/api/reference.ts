import { getAction, getLeaf } from '@/lib/authz/catalog'
import { tagOf, type openApiDocument } from './openapi'
import { PROBLEM_CODES, PROBLEM_MEANINGS, statusOf, type ProblemCode } from './problem'

// The API reference page (app/docs/api) as data, read from the OpenAPI document the API serves
// (lib/api/openapi.ts, generated from the route registry): nothing here describes a route by
// hand, so a route added to the registry is on the page. JSON Schemas become rows of fields
// (name, type, required, constraints, description); each operation gets its errors with their
// problem codes, its example body and a curl command.

type Doc = ReturnType<typeof openApiDocument>
type Json = Record<string, unknown>

export type FieldRow = {
  /** Dotted path: `checks[].record.ownerId`. */
  name: string
  depth: number
  type: string
  required: boolean
  constraints: string[]
  /** The allowed values, when they are listed (an enum). */
  values: string[]
  description: string
}

export type ParameterRow = { name: string; in: string; type: string; required: boolean; constraints: string[]; description: string }

export type OperationView = {
  id: string
  /** The anchor of the operation's section. */
  anchor: string
  method: string
  path: string
  summary: string
  description: string[]
  /** Whether a key is needed; `permission`: what it must hold (null: any working key). */
  keyed: boolean
  permission: { key: string; label: string }[] | null
  parameters: ParameterRow[]
  body: { fields: FieldRow[]; example: string | null } | null
  response: FieldRow[]
  errors: { status: number; description: string; codes: ProblemCode[] }[]
  headers: { idempotencyKey: boolean; etag: boolean; ifMatch: boolean }
  curl: string
}

export type ReferenceView = {
  title: string
  version: string
  description: string
  serverUrl: string
  auth: { scheme: string; format: string; description: string }
  rateLimitHeaders: { name: string; description: string }[]
  problems: { code: ProblemCode; status: number; meaning: string }[]
  groups: { id: string; title: string; operations: OperationView[] }[]
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const
/** Enum values listed in full up to this many; longer lists fold into a disclosure. */
export const MAX_LISTED_VALUES = 8

const ref = (doc: Doc, value: unknown): Json => {
  let v = value as Json
  for (let i = 0; v && typeof v.$ref === 'string' && i < 10; i++) {
    const path = (v.$ref as string).replace(/^#\//, '').split('/')
    v = path.reduce<Json>((o, k) => (o?.[k] as Json) ?? {}, doc as unknown as Json)
  }
  return v ?? {}
}

/** The schema's name when it is one of the document's components: "AuthorizeCheck". */
const refName = (value: unknown) => (value && typeof (value as Json).$ref === 'string' ? ((value as Json).$ref as string).split('/').pop()! : null)

/** A schema's type in words: "string", "array of AuthorizeCheck", "string or null", "one of 3 values". */
export function typeOf(doc: Doc, schema: unknown): string {
  const s = ref(doc, schema)
  const variants = (s.anyOf ?? s.oneOf) as unknown[] | undefined
  if (variants) return [...new Set(variants.map((v) => typeOf(doc, v)))].join(' or ')
  if ('const' in s) return JSON.stringify(s.const)
  if (Array.isArray(s.enum)) return `${s.type ?? 'string'}, one of ${s.enum.length}`
  if (s.type === 'array') return `array of ${refName(s.items) ?? typeOf(doc, s.items)}`
  if (Array.isArray(s.type)) return s.type.join(' or ')
  if (typeof s.type === 'string') return s.type === 'string' && typeof s.format === 'string' ? `string (${s.format})` : s.type
  return 'any'
}

function constraintsOf(s: Json): string[] {
  const c: string[] = []
  const len = (min: unknown, max: unknown, unit: string) => {
    const of = (n: unknown) => `${n} ${unit}${n === 1 ? '' : 's'}`
    if (min !== undefined && max !== undefined) c.push(`${min} to ${of(max)}`)
    else if (min !== undefined) c.push(`at least ${of(min)}`)
    else if (max !== undefined) c.push(`at most ${of(max)}`)
  }
  len(s.minLength, s.maxLength, 'character')
  len(s.minItems, s.maxItems, 'item')
  if (s.minimum !== undefined) c.push(`≥ ${s.minimum}`)
  if (s.exclusiveMinimum !== undefined) c.push(`> ${s.exclusiveMinimum}`)
  if (s.maximum !== undefined) c.push(`≤ ${s.maximum}`)
  if (s.exclusiveMaximum !== undefined) c.push(`< ${s.exclusiveMaximum}`)
  if (typeof s.pattern === 'string' && s.format === undefined) c.push(`matches ${s.pattern}`)
  if (s.default !== undefined) c.push(`default ${JSON.stringify(s.default)}`)
  if (s.additionalProperties === false) c.push('no other fields')
  return c
}

/** A nullable or optional wrapper's own schema (anyOf [x, null]) and the constraints of both. */
function unwrap(doc: Doc, schema: unknown): Json {
  const s = ref(doc, schema)
  const variants = (s.anyOf ?? s.oneOf) as unknown[] | undefined
  if (!variants) return s
  const real = variants.map((v) => ref(doc, v)).filter((v) => v.type !== 'null')
  return real.length === 1 ? { ...real[0], ...s, anyOf: undefined, oneOf: undefined } : s
}

/**
 * The rows of a JSON Schema's fields, depth first: `checks`, `checks[].member`, … `request`: a
 * request body's fields (a closed object says "no other fields"; an answer may gain fields).
 */
export function fieldsOf(doc: Doc, schema: unknown, request: boolean, prefix = '', depth = 0, seen: string[] = []): FieldRow[] {
  const name = refName(schema)
  if (name && seen.includes(name)) return [] // a recursive schema: listed once
  const s = unwrap(doc, schema)
  const item = s.type === 'array' ? unwrap(doc, s.items) : null
  const object = item?.properties ? item : s
  const properties = object.properties as Record<string, unknown> | undefined
  if (!properties) return []
  const required = new Set((object.required as string[] | undefined) ?? [])
  const base = item ? `${prefix}[]` : prefix
  const rows: FieldRow[] = []
  for (const [key, prop] of Object.entries(properties)) {
    const p = unwrap(doc, prop)
    const listed = Array.isArray(p.enum) ? p.enum : p.type === 'array' ? unwrap(doc, p.items).enum : undefined
    const values = Array.isArray(listed) ? listed.map(String) : []
    const field = base ? `${base}.${key}` : key
    const raw = ref(doc, prop)
    rows.push({
      name: field,
      depth,
      type: typeOf(doc, prop),
      required: required.has(key),
      constraints: [...constraintsOf(p), ...(raw !== p ? constraintsOf({ default: raw.default }) : [])].filter(
        (c, i, a) => a.indexOf(c) === i && (request || c !== 'no other fields'),
      ),
      values,
      description: String(p.description ?? raw.description ?? ''),
    })
    rows.push(...fieldsOf(doc, prop, request, field, depth + 1, name ? [...seen, name] : seen))
  }
  return rows
}

const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`

/** A curl command for the operation, with its example body. */
export function curlOf(method: string, url: string, keyed: boolean, example: unknown): string {
  const lines = [`curl${method === 'GET' ? '' : ` -X ${method}`} ${url}`]
  if (keyed) lines.push(`-H "Authorization: Bearer $TEAMGATE_KEY"`)
  if (example !== undefined) lines.push(`-H "Content-Type: application/json"`, `-d ${shellQuote(JSON.stringify(example, null, 2))}`)
  return lines.join(' \\\n  ')
}

/** The group of a path, as the document tags it: its first segment after /api/v1/ in words ("Members", "Audit events"). */
export function resourceOf(path: string): string {
  return tagOf(path) || 'API'
}

function permissionOf(value: unknown): OperationView['permission'] {
  if (value === null || value === undefined) return null
  const keys = Array.isArray(value) ? (value as string[]) : [String(value)]
  return keys.map((key) => ({ key, label: getAction(key)?.def.label ?? getLeaf(key)?.label ?? key }))
}

export function referenceOf(doc: Doc): ReferenceView {
  const serverUrl = doc.servers?.[0]?.url ?? ''
  const groups = new Map<string, OperationView[]>()
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = ops[method] as Json | undefined
      if (!op) continue
      const keyed = Array.isArray(op.security) && op.security.length > 0
      const content = (ref(doc, op.requestBody).content as Json | undefined)?.['application/json'] as Json | undefined
      const responses = (op.responses ?? {}) as Record<string, unknown>
      const ok = ref(doc, responses['200'])
      const okSchema = ((ok.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema
      const parameters = ((op.parameters as unknown[] | undefined) ?? []).map((p) => ref(doc, p))
      const headerNames = new Set(parameters.filter((p) => p.in === 'header').map((p) => String(p.name).toLowerCase()))
      const id = String(op.operationId)
      const view: OperationView = {
        id,
        anchor: `op-${id}`,
        method: method.toUpperCase(),
        path,
        summary: String(op.summary ?? ''),
        // The document repeats the permission at the end of the description for tools that show
        // only descriptions; the page shows it in its own row.
        description: String(op.description ?? '')
          .split(/\n\n+/)
          .filter((p) => p && !p.startsWith('Requires: ')),
        keyed,
        permission: keyed ? permissionOf(op['x-permission']) : null,
        parameters: parameters
          .filter((p) => p.in === 'path' || p.in === 'query')
          .map((p) => ({
            name: String(p.name),
            in: String(p.in),
            type: typeOf(doc, p.schema),
            required: p.required === true,
            constraints: constraintsOf(unwrap(doc, p.schema)),
            description: String(p.description ?? ''),
          })),
        body: content
          ? { fields: fieldsOf(doc, content.schema, true), example: content.example === undefined ? null : JSON.stringify(content.example, null, 2) }
          : null,
        response: okSchema ? fieldsOf(doc, okSchema, false) : [],
        errors: Object.keys(responses)
          .map(Number)
          .filter((status) => status >= 400)
          .sort((a, b) => a - b)
          .map((status) => ({
            status,
            description: String(ref(doc, responses[String(status)]).description ?? ''),
            codes: PROBLEM_CODES.filter((c) => statusOf(c) === status && (c !== 'not_found' || path.includes('{'))),
          })),
        headers: {
          idempotencyKey: headerNames.has('idempotency-key'),
          ifMatch: headerNames.has('if-match'),
          etag: Object.values(responses).some((r) => Object.keys((ref(doc, r).headers as Json | undefined) ?? {}).some((h) => h.toLowerCase() === 'etag')),
        },
        curl: curlOf(method.toUpperCase(), serverUrl + path, keyed, content?.example),
      }
      // The operation's first tag when the document has tags, else the resource its path names.
      const group = Array.isArray(op.tags) && op.tags.length ? String(op.tags[0]) : resourceOf(path)
      groups.set(group, [...(groups.get(group) ?? []), view])
    }
  }
  const scheme = doc.components.securitySchemes.apiKey
  const headers = doc.components.headers as Record<string, { description: string }>
  return {
    title: doc.info.title,
    version: doc.info.version,
    description: doc.info.description,
    serverUrl,
    auth: { scheme: scheme.scheme, format: scheme.bearerFormat, description: scheme.description },
    rateLimitHeaders: Object.entries(headers).map(([name, h]) => ({ name, description: h.description })),
    problems: PROBLEM_CODES.map((code) => ({ code, status: statusOf(code), meaning: PROBLEM_MEANINGS[code] })),
    groups: [...groups].map(([name, operations]) => ({ id: `group-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`, title: name, operations })),
  }
}

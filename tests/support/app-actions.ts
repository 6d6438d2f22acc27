import path from 'node:path'
import { z } from 'zod'
import type { ServerAction } from '@/lib/authz/guards'
import { APP, isServerActionFile, ROOT, SOURCE, walk } from './files'

// Every server action of the app, found the way Next.js finds them: files under app/ whose
// first statement is the 'use server' directive. Each is imported and every export with a
// `.run` function (what defineAction / definePublicAction make) is collected. The security
// matrix and the fuzzer iterate over this list, so a new action is covered without a test edit.

export { APP, ROOT, walk }

export type AppAction = { file: string; name: string; id: string; action: ServerAction<unknown> }

export function serverActionFiles(): string[] {
  return walk(APP, SOURCE)
    .filter((f) => isServerActionFile(f))
    .sort()
}

const isAction = (v: unknown): v is ServerAction<unknown> =>
  typeof v === 'function' && typeof (v as { run?: unknown }).run === 'function' && 'schema' in v && 'permission' in v

let discovered: Promise<AppAction[]> | undefined

/** Imports every 'use server' file once and lists its actions, sorted by file and name. */
export function discoverActions(): Promise<AppAction[]> {
  discovered ??= (async () => {
    const out: AppAction[] = []
    for (const abs of serverActionFiles()) {
      const mod = (await import(abs)) as Record<string, unknown>
      const file = path.relative(ROOT, abs)
      for (const [name, value] of Object.entries(mod).sort(([a], [b]) => a.localeCompare(b))) {
        if (isAction(value)) out.push({ file, name, id: `${file} ${name}`, action: value })
      }
    }
    return out
  })()
  return discovered
}

/**
 * The fields of a schema as dotted paths (`rows.roleTemplateId` for a field of an array's
 * objects), through optional / nullable / default / catch wrappers, pipes and unions.
 */
export function schemaFields(schema: z.ZodType, prefix = ''): string[] {
  const s = unwrap(schema)
  if (s instanceof z.ZodObject) {
    return Object.entries(s.shape as Record<string, z.ZodType>).flatMap(([key, value]) => {
      const p = prefix ? `${prefix}.${key}` : key
      return [p, ...schemaFields(value, p)]
    })
  }
  if (s instanceof z.ZodArray) return schemaFields(s.element as z.ZodType, prefix)
  if (s instanceof z.ZodUnion) return [...new Set((s.options as z.ZodType[]).flatMap((o) => schemaFields(o, prefix)))]
  return []
}

/** The top-level keys of an object schema (of every option of a union); [] for anything else. */
export function topLevelKeys(schema: z.ZodType): string[] {
  return schemaFields(schema).filter((f) => !f.includes('.'))
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault || s instanceof z.ZodCatch) s = s.unwrap() as z.ZodType
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType
    else return s
  }
}

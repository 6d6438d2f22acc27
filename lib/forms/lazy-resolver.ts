import { useEffect } from 'react'
import type { FieldValues, Resolver } from 'react-hook-form'
import type { z } from 'zod'

// zod and @hookform/resolvers/zod are ~30 kB gzipped: imported at the top of a client component
// they land in the first-load JavaScript of its page, although a form needs them only when it
// validates. Here both are fetched on first use (or when preloaded), and the form still checks
// with the same schema as its action. Only types come from zod at module level; they are erased.

/** A zod schema whose input and output are form values. */
export type FormSchema = z.ZodType<FieldValues, FieldValues>

/** Something loaded on first use: the promise is shared, and a failed load is tried again next time. */
export type LoadOnce<T> = {
  /** The value, loading it on the first call. */
  get(): Promise<T>
  /** Starts loading without waiting; a failure is left for the next `get()` to report. */
  preload(): void
  /** The value once loaded, else undefined. */
  current(): T | undefined
}

export function loadOnce<T>(load: () => Promise<T>): LoadOnce<T> {
  let pending: Promise<T> | undefined
  let value: { v: T } | undefined
  const get = () =>
    (pending ??= load().then(
      (v) => {
        value = { v }
        return v
      },
      (error: unknown) => {
        pending = undefined
        throw error
      },
    ))
  return {
    get,
    preload: () => void get().catch(() => {}),
    current: () => value?.v,
  }
}

/** A react-hook-form resolver that loads its schema and zod on first use; `preload()` starts that early. */
export type LazyZodResolver<S extends FormSchema> = Resolver<z.input<S>, unknown, z.output<S>> & { preload(): void }

/**
 * `zodResolver(schema)`, with the schema and the resolver imported on first validation. `load`
 * is a dynamic import of the module defining the schema, for example
 * `() => import('@/lib/validation/roles').then((m) => m.roleFieldsSchema)`. Create it once, at
 * module level, and pass it through `useLazyZodResolver` so it starts loading after mount.
 */
export function lazyZodResolver<S extends FormSchema>(load: () => Promise<S>): LazyZodResolver<S> {
  type R = Resolver<z.input<S>, unknown, z.output<S>>
  const inner = loadOnce(() => Promise.all([import('@hookform/resolvers/zod'), load()]).then(([{ zodResolver }, schema]) => zodResolver(schema) as R))
  const resolver: R = (values, context, options) => {
    // Once loaded, validation runs exactly as zodResolver's, without waiting on a promise first.
    const loaded = inner.current()
    return loaded ? loaded(values, context, options) : inner.get().then((r) => r(values, context, options))
  }
  return Object.assign(resolver, { preload: inner.preload })
}

/** Runs `task` once the browser is idle after mount (or shortly after, without requestIdleCallback). */
export function useIdlePreload(task: { preload(): void }): void {
  useEffect(() => {
    if (typeof window.requestIdleCallback === 'function') {
      const id = window.requestIdleCallback(() => task.preload(), { timeout: 2000 })
      return () => window.cancelIdleCallback(id)
    }
    const id = setTimeout(() => task.preload(), 200)
    return () => clearTimeout(id)
  }, [task])
}

/**
 * The resolver for `useForm`, preloaded when the browser is idle after the form mounts, so that
 * the first validation (usually a submit) does not wait on the network.
 */
export function useLazyZodResolver<S extends FormSchema>(resolver: LazyZodResolver<S>): LazyZodResolver<S> {
  useIdlePreload(resolver)
  return resolver
}

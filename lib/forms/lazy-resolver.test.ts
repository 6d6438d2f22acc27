import { zodResolver } from '@hookform/resolvers/zod'
import type { FieldValues, ResolverOptions } from 'react-hook-form'
import type { z } from 'zod'
import { describe, expect, it, vi } from 'vitest'
import { changePasswordSchema } from '@/lib/validation/auth'
import { acceptInvitationSchema } from '@/lib/validation/invitations'
import { roleFieldsSchema } from '@/lib/validation/roles'
import { lazyZodResolver, loadOnce, type FormSchema } from './lazy-resolver'

/** What react-hook-form passes a resolver, for a form without native validation. */
const options = <T extends FieldValues>() => ({ fields: {}, shouldUseNativeValidation: false }) as ResolverOptions<T>

/** The lazy resolver and zodResolver on the same schema and values. */
async function both<S extends FormSchema>(schema: S, values: z.input<S>) {
  const lazyOne = lazyZodResolver(async () => schema)
  const eager = zodResolver(schema)
  return { lazy: await lazyOne(values, undefined, options()), eager: await eager(values, undefined, options()) }
}

const message = (r: { errors: object }, field: string) => (r.errors as Record<string, { message?: string } | undefined>)[field]?.message

describe('lazyZodResolver', () => {
  it('gives zodResolver’s values for valid input, transforms and defaults applied', async () => {
    const r = await both(roleFieldsSchema, { name: '  Sales  ' })
    expect(r.lazy).toEqual(r.eager)
    expect(r.lazy).toEqual({ values: { name: 'Sales', description: '' }, errors: {} })
  })

  it('gives zodResolver’s errors for invalid input, refinements included', async () => {
    const r = await both(changePasswordSchema, { currentPassword: '', newPassword: 'short', confirmPassword: 'other' })
    expect(r.lazy).toEqual(r.eager)
    expect(Object.keys(r.lazy.errors)).toEqual(['currentPassword', 'newPassword', 'confirmPassword'])
    expect(message(r.lazy, 'newPassword')).toBe('Use at least 10 characters.')
    expect(message(r.lazy, 'confirmPassword')).toBe('The passwords do not match.')
  })

  it('handles a discriminated union like zodResolver', async () => {
    const values = { mode: 'new' as const, token: 'x'.repeat(30), name: '', password: '0123456789', confirmPassword: '0123456789' }
    const r = await both(acceptInvitationSchema, values)
    expect(r.lazy).toEqual(r.eager)
    expect(message(r.lazy, 'name')).toBe('Enter your name.')
    const ok = await both(acceptInvitationSchema, { mode: 'existing', token: 'x'.repeat(30), password: 'secret' })
    expect(ok.lazy).toEqual(ok.eager)
    expect(ok.lazy.values).toEqual({ mode: 'existing', token: 'x'.repeat(30), password: 'secret' })
  })

  it('loads the schema once, for concurrent calls, later calls and preload alike', async () => {
    const load = vi.fn(async () => roleFieldsSchema)
    const resolver = lazyZodResolver(load)
    expect(load).not.toHaveBeenCalled()
    resolver.preload()
    const results = await Promise.all([resolver({ name: 'A' }, undefined, options()), resolver({ name: '' }, undefined, options())])
    expect(results[0].errors).toEqual({})
    expect(message(results[1], 'name')).toBe('Enter a name for the role template.')
    await resolver({ name: 'B' }, undefined, options())
    resolver.preload()
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('tries the load again after a failure; a failed preload is not an unhandled rejection', async () => {
    const load = vi
      .fn<() => Promise<typeof roleFieldsSchema>>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValue(roleFieldsSchema)
    const resolver = lazyZodResolver(load)
    resolver.preload()
    await new Promise((r) => setTimeout(r, 10))
    await expect(resolver({ name: 'A' }, undefined, options())).rejects.toThrow('offline')
    expect(await resolver({ name: 'A' }, undefined, options())).toEqual({ values: { name: 'A', description: '' }, errors: {} })
    expect(load).toHaveBeenCalledTimes(3)
  })
})

describe('loadOnce', () => {
  it('shares one load and reports its value once loaded', async () => {
    const load = vi.fn(async () => 42)
    const value = loadOnce(load)
    expect(value.current()).toBeUndefined()
    expect(await Promise.all([value.get(), value.get()])).toEqual([42, 42])
    expect(value.current()).toBe(42)
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('rejects a failed load, and loads again on the next call', async () => {
    const load = vi.fn<() => Promise<number>>().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(7)
    const value = loadOnce(load)
    await expect(value.get()).rejects.toThrow('offline')
    expect(await value.get()).toBe(7)
    expect(load).toHaveBeenCalledTimes(2)
  })
})

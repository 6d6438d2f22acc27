import { expect } from 'vitest'
import { createApiKey } from '@/app/(app)/settings/api-keys/actions'
import type { AccessState } from '@/lib/authz/get-access'
import type { Problem } from '@/lib/api/problem'
import { pathPattern } from '@/lib/api/define-route'
import { API_ROUTES } from '@/lib/api/registry'
import { success } from './fixtures'

// Calling the API as a host product would: real Request objects with a bearer key, handed to the
// route handlers the route files export. Keys are made by the real server action.

export const ORIGIN = 'http://localhost:3000'

/** A key made by `creator` (their access state) through the settings page's action: its secret and id. */
export async function makeKey(creator: AccessState, permissions: string[], name = 'Backend', expiresOn = '') {
  const r = success(await createApiKey.run(creator, { name, expiresOn, permissions }))
  return { id: r.data!.id, secret: r.data!.secret, name }
}

export function apiRequest(
  path: string,
  opts: { method?: string; secret?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Request {
  const headers: Record<string, string> = { ...opts.headers }
  if (opts.secret) headers.authorization = `Bearer ${opts.secret}`
  const hasBody = opts.body !== undefined || opts.raw !== undefined
  if (hasBody && !('content-type' in headers)) headers['content-type'] = 'application/json'
  return new Request(`${ORIGIN}${path}`, {
    method: opts.method ?? (hasBody ? 'POST' : 'GET'),
    headers,
    body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  })
}

/** A problem details answer: its status, media type and shape (RFC 9457), no stack; the body. */
export async function expectProblem(res: Response, status: number, code: string): Promise<Problem> {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  expect(res.headers.get('cache-control')).toBe('no-store')
  const text = await res.text()
  expect(text).not.toMatch(/\n\s+at |Error:|\.ts:\d+/)
  const body = JSON.parse(text) as Problem
  expect(body).toMatchObject({ status, code, type: expect.stringMatching(/^https:\/\/www\.rfc-editor\.org\/rfc\/rfc(9110|6585)#section-/) })
  expect(typeof body.title).toBe('string')
  expect(body.detail.length).toBeGreaterThan(5)
  expect(Object.keys(body).sort()).toEqual(['code', 'detail', 'status', 'title', 'type', ...(body.errors ? ['errors'] : [])].sort())
  return body
}

/** Calls the registered route that serves this method and URL (as Next.js would route it). */
export function callApi(
  method: string,
  url: string,
  opts: { secret?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const pathname = url.split('?')[0]
  const route = API_ROUTES.find((r) => r.method === method && pathPattern(r.path).test(pathname))
  if (!route) throw new Error(`No route serves ${method} ${pathname}`)
  return route.handle(apiRequest(url, { ...opts, method }))
}

import 'server-only'
import { HTTP_METHODS, type HttpMethod } from './define-route'
import { problem } from './problem'
import { API_ROUTES } from './registry'

// What a route file of the API exports: for each method, the registered route's handler, or a
// 405 problem naming the methods the path has (Allow). Next.js would answer an unexported method
// with an empty 405; a client of a JSON API expects problem details like every other error.
//   export const { GET, POST, PUT, PATCH, DELETE } = routeHandlers('/api/v1/members/{memberId}')

type Handler = (request: Request) => Promise<Response>

export function routeHandlers(path: string): Record<HttpMethod, Handler> {
  const routes = API_ROUTES.filter((r) => r.path === path)
  if (routes.length === 0) throw new Error(`No route of lib/api/registry.ts is at ${path}`)
  const allow = routes.map((r) => r.method).join(', ')
  const notAllowed: Handler = async (request) =>
    problem('method_not_allowed', `${request.method} is not a method of ${path}. It takes ${allow}.`, { headers: { Allow: allow } })
  return Object.fromEntries(HTTP_METHODS.map((m) => [m, routes.find((r) => r.method === m)?.handle ?? notAllowed])) as Record<HttpMethod, Handler>
}

/** Every method of a path under /api/v1 that no route has: 404 problem details. */
export const unknownPath: Handler = async (request) =>
  problem('not_found', `The API has nothing at ${new URL(request.url).pathname}. The OpenAPI document at /api/v1/openapi.json lists every route.`)

import { NextResponse, type NextRequest } from 'next/server'

// Runs before every request. It is NOT the gate (pages and actions check access themselves
// through lib/authz): it sends visitors without a session cookie to sign-in early, sets a
// per-request CSP nonce, and passes the path on for the page gate's ?next= redirect.

const PUBLIC = [
  /^\/login/,
  /^\/docs\/api$/,
  /^\/invite\//,
  /^\/confirm-email\//,
  /^\/forgot-password$/,
  /^\/reset-password\//,
  /^\/api\/auth\//,
  /^\/select-workspace/,
]
const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token']
// Route handlers answer for themselves (requireRoute: 401 JSON, never a redirect to a page).
const ROUTE_HANDLERS = [/^\/api\//, /\/export$/]

/** The largest request body the app takes: Next's limit for a server action's arguments (1 MB); no form or API call needs more. */
export const MAX_BODY_BYTES = 1024 * 1024

/** RFC 9457 problem details for a body over the limit, before anything reads it (Next would answer 500 after). */
function tooLarge(length: number) {
  return NextResponse.json(
    {
      // The same shape as the API's problems (lib/api/problem.ts), so an API client reads it alike.
      type: 'https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14',
      title: 'Content Too Large',
      status: 413,
      detail: `The request body is ${length} bytes; at most ${MAX_BODY_BYTES} are accepted.`,
      code: 'body_too_large',
    },
    { status: 413, headers: { 'Content-Type': 'application/problem+json', Connection: 'close' } },
  )
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl
  const length = Number(request.headers.get('content-length') ?? 0)
  if (length > MAX_BODY_BYTES) return tooLarge(length)
  const isPublic = PUBLIC.some((r) => r.test(pathname))
  const hasSession = SESSION_COOKIES.some((c) => request.cookies.has(c))
  if (!isPublic && !hasSession && !ROUTE_HANDLERS.some((r) => r.test(pathname))) {
    const url = request.nextUrl.clone()
    url.pathname = '/login'
    url.search = `?next=${encodeURIComponent(pathname + search)}`
    return NextResponse.redirect(url)
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64')
  const dev = process.env.NODE_ENV !== 'production'
  const csp = [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Inline style attributes (positioning of popovers) need this; no inline scripts are allowed.
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ')

  const requestHeaders = new Headers(request.headers)
  requestHeaders.set('x-nonce', nonce)
  requestHeaders.set('x-pathname', pathname + search)
  requestHeaders.set('Content-Security-Policy', csp)
  const response = NextResponse.next({ request: { headers: requestHeaders } })
  response.headers.set('Content-Security-Policy', csp)
  return response
}

// The API (/api/v1) is left out: it has no session, no page and no nonce, and its routes refuse a
// body over the limit themselves (lib/api/define-route.ts), without reading past it, once the key
// is judged. Every API call saves the proxy's work, and a POST the copy of its body the proxy needs.
export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|robots.txt|api/v1/).*)' }],
}

// `npm run bench:bundle`: first-load JavaScript of /settings/users and /settings/roles/[id] in
// the production build, measured as a browser's first visit downloads it: the page's HTML (as
// the signed-in owner, who sees every control) names its scripts in <script src> tags and
// <link rel="modulepreload"> / <link rel="preload" as="script"> hints; each distinct file is
// fetched once from the server and gzipped at level 9 (what a CDN or reverse proxy typically
// serves), and the sizes summed. `nomodule` scripts are left out: no current browser fetches
// them. Not counted: the HTML itself with its inline RSC payload, CSS and fonts.
import zlib from 'node:zlib'
import { OWNER, getPage, log, out, requireBuild, signIn, startServer } from './server.mjs'

const TARGET_KB = 180

/** The attributes of one HTML tag, e.g. `<script src="/a.js" async>` → { src: '/a.js', async: '' }. */
function attributes(tag) {
  const attrs = {}
  for (const m of tag.matchAll(/([\w:-]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) attrs[m[1].toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? ''
  return attrs
}
const unescape = (s) => s.replaceAll('&amp;', '&')

/** The script URLs a first visit of this HTML downloads, in order, each once. */
export function scriptUrls(html) {
  const urls = []
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const a = attributes(tag.slice(7))
    if (a.src && !('nomodule' in a)) urls.push(unescape(a.src))
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const a = attributes(tag.slice(5))
    const rel = (a.rel ?? '').toLowerCase().split(/\s+/)
    if (a.href && (rel.includes('modulepreload') || (rel.includes('preload') && a.as === 'script'))) urls.push(unescape(a.href))
  }
  return [...new Set(urls)]
}

async function measure(base, route, pathname, cookie) {
  const html = await getPage(base, pathname, cookie)
  const urls = scriptUrls(html)
  let raw = 0
  let gzip = 0
  for (const u of urls) {
    const res = await fetch(new URL(u, base))
    if (res.status !== 200) throw new Error(`GET ${u}: HTTP ${res.status}`)
    const body = Buffer.from(await res.arrayBuffer())
    const gz = zlib.gzipSync(body, { level: 9 }).length
    raw += body.length
    gzip += gz
    log(`  ${route} ${u}: ${(gz / 1024).toFixed(1)} kB gzipped`)
  }
  const gzipKb = Math.round((gzip / 1024) * 10) / 10
  out({
    bench: 'bundle',
    route,
    path: pathname,
    scripts: urls.length,
    raw_kb: Math.round(raw / 1024),
    gzip_kb: gzipKb,
    target_kb: TARGET_KB,
    ok: gzipKb <= TARGET_KB,
  })
}

async function main() {
  requireBuild()
  const server = await startServer()
  try {
    const cookie = await signIn(server.base, OWNER)
    await measure(server.base, '/settings/users', '/settings/users', cookie)
    // A real role's editor: the first role link on the roles page (not "new").
    const roles = await getPage(server.base, '/settings/roles', cookie)
    const id = [...roles.matchAll(/href="\/settings\/roles\/([^"/?#]+)"/g)].map((m) => m[1]).find((x) => x !== 'new')
    if (!id) throw new Error('no role link found on /settings/roles')
    log(`role editor measured on /settings/roles/${id}`)
    await measure(server.base, '/settings/roles/[id]', `/settings/roles/${id}`, cookie)
  } finally {
    await server.stop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

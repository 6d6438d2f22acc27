import { getDatabase } from './client'
import { migrate } from './migrations'
import { releaseClaimedMails } from './outbox'
import { releaseClaimedDeliveries } from './webhook-outbox'
import { seed } from './seed'

/** Run once per server start (instrumentation.ts): migrate, then seed an empty database. */
export async function prepareDatabase(log: (line: string) => void = console.log, database = getDatabase()) {
  const where = database.kind === 'pglite' ? `embedded PGlite (${process.env.PGLITE_DIR || '.data/pglite'})` : 'PostgreSQL (DATABASE_URL)'
  const { applied } = await migrate(database)
  log(`[db] ${where}: ${applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'schema up to date'}`)
  if (database.kind === 'pglite') {
    // This process holds the folder lock: any claim on the outbox is one of a process that died.
    const released = await releaseClaimedMails(database.prisma)
    if (released) log(`[mail] ${released} mail(s) held by a stopped server are due again`)
    const deliveries = await releaseClaimedDeliveries(database.prisma)
    if (deliveries) log(`[webhooks] ${deliveries} delivery(ies) held by a stopped server are due again`)
  }
  if (process.env.SEED === 'false') return
  const result = await seed(database.prisma, {
    ownerEmail: process.env.SEED_OWNER_EMAIL,
    ownerPassword: process.env.SEED_OWNER_PASSWORD,
    demoPassword: process.env.SEED_DEMO_PASSWORD,
  })
  if (!result.seeded) return
  const ownerPw = process.env.SEED_OWNER_PASSWORD ? '(from SEED_OWNER_PASSWORD)' : result.owner.password
  const demoPw = process.env.SEED_DEMO_PASSWORD ? '(from SEED_DEMO_PASSWORD)' : result.demo.password
  log('[seed] Demo workspace "Acme Inc." created. Sign in with:')
  log(`[seed]   owner   ${result.owner.email}  password: ${ownerPw}`)
  log(`[seed]   others  ${result.demo.emails.join(', ')}  password: ${demoPw}`)
  log('[seed] These generated passwords are printed only this once.')
}

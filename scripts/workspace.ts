// `npm run workspace:create -- --name "Globex" --owner-email you@globex.test [--owner-password …]
//   [--owner-name …] [--slug globex] [--plan free|team|business] [--roles support_agent,read_only]`
// Creates a workspace and its first owner on the configured database (DATABASE_URL, or the
// embedded one in PGLITE_DIR / .data/pglite — stop the app first, it holds that folder).
// The database is migrated (and an empty one seeded with the demo) first, as at server start.
import { parseArgs } from 'node:util'
import { randomBytes } from 'node:crypto'
import { migrate } from '../lib/db/migrations'
import { openDatabase } from '../lib/db/open'
import { seed } from '../lib/db/seed'
import { createWorkspace } from '../lib/db/workspaces'

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    slug: { type: 'string' },
    plan: { type: 'string', default: 'team' },
    'owner-email': { type: 'string' },
    'owner-name': { type: 'string', default: '' },
    'owner-password': { type: 'string' },
    roles: { type: 'string', default: '' },
  },
})
if (!values.name || !values['owner-email']) {
  console.error(
    'Usage: npm run workspace:create -- --name "Globex" --owner-email you@globex.test [--owner-password …] [--plan team] [--roles support_agent,read_only]',
  )
  process.exit(2)
}
const slug =
  values.slug ??
  values.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
const password = values['owner-password'] ?? randomBytes(12).toString('base64url')

const database = openDatabase({ databaseUrl: process.env.DATABASE_URL, pgliteDir: process.env.PGLITE_DIR })
try {
  await migrate(database)
  await seed(database.prisma, {
    ownerEmail: process.env.SEED_OWNER_EMAIL,
    ownerPassword: process.env.SEED_OWNER_PASSWORD,
    demoPassword: process.env.SEED_DEMO_PASSWORD,
  })
  const tenant = await createWorkspace(database.prisma, {
    name: values.name,
    slug,
    planId: values.plan,
    owner: { email: values['owner-email'], name: values['owner-name'], password },
    starterRoles: values.roles
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  })
  console.log(`Created workspace "${tenant.name}" (${tenant.slug}) on the ${values.plan} plan.`)
  console.log(
    `Owner: ${values['owner-email']}${values['owner-password'] ? '' : `  password: ${password} (shown once; unchanged if the account already existed)`}`,
  )
} finally {
  await database.close()
}

// Runs `prisma generate` without the native schema-engine binary, which the CLI checks for at
// start-up but generate never uses (it runs on WebAssembly). Any existing file satisfies the check.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' }
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url)
const r = spawnSync('npx', ['prisma', 'generate'], { stdio: 'inherit', env })
process.exit(r.status ?? 1)

import path from 'node:path'
import { defineConfig } from 'vitest/config'

const alias = {
  '@': path.resolve(import.meta.dirname),
  // Next's guard against importing server code into client bundles; a no-op outside Next.
  'server-only': path.resolve(import.meta.dirname, 'tests/support/empty.ts'),
}

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'components/**/*.test.ts', 'tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias: { ...alias, 'next/cache': path.resolve(import.meta.dirname, 'tests/support/next-cache.ts') } },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/global-db.ts'],
          setupFiles: ['tests/support/setup-db.ts'],
          // The server secret stored secrets are encrypted under (lib/auth/secret-box.ts).
          // Webhook receivers of the tests listen on 127.0.0.1 (lib/webhooks/url.ts refuses it otherwise).
          env: { NEXTAUTH_SECRET: 'integration-test-secret-0123456789abcdef', WEBHOOKS_ALLOW_PRIVATE_URLS: '1' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Each file gets a database of its own (tests/support/setup-db.ts); files run one at a
          // time so the machine's two cores are not oversubscribed.
          fileParallelism: false,
        },
      },
    ],
  },
})

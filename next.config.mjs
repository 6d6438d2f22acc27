/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WASM packages stay outside the bundle: PGlite's 9 MB wasm must not be copied to
  // public static files, and argon2 ships a prebuilt binary.
  serverExternalPackages: ['@electric-sql/pglite', 'pglite-prisma-adapter', '@node-rs/argon2', 'pg', 'nodemailer'],
  poweredByHeader: false,
  experimental: {
    // forbidden() and app/forbidden.tsx: the 403 page of the page gate.
    authInterrupts: true,
  },
  async headers() {
    // The Content-Security-Policy (with a per-request nonce) is set in proxy.ts.
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
        ],
      },
    ]
  },
}

export default nextConfig

/**
 * The app's public address, which links in mails and the API reference start with: APP_URL, else
 * NEXTAUTH_URL, else the local development address; without a trailing slash, then `path`.
 */
export function appUrl(path = ''): string {
  return (process.env.APP_URL ?? process.env.NEXTAUTH_URL ?? 'http://localhost:3000').replace(/\/+$/, '') + path
}

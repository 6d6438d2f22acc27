import Bowser from 'bowser'

/**
 * A browser's user agent in words, as the profile's session list shows it: "Chrome 131 on
 * macOS", "Firefox 133 on Windows 10", "Unknown browser on Linux", or "Unknown device".
 */
export function describeUserAgent(userAgent: string): string {
  if (!userAgent.trim()) return 'Unknown device'
  const { browser, os } = Bowser.parse(userAgent)
  const major = browser.version?.split('.')[0]
  const name = browser.name ? [browser.name, major].filter(Boolean).join(' ') : ''
  const system = os.name ? [os.name, os.name === 'Windows' ? os.versionName : undefined].filter(Boolean).join(' ') : ''
  if (!name && !system) return 'Unknown device'
  return `${name || 'Unknown browser'} on ${system || 'an unknown system'}`
}

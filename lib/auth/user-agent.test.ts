import { describe, expect, it } from 'vitest'
import { describeUserAgent } from './user-agent'

describe('describeUserAgent', () => {
  it('names the browser with its major version and the operating system', () => {
    const mac = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
    const win = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'
    const phone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
    expect(describeUserAgent(mac)).toBe('Chrome 131 on macOS')
    expect(describeUserAgent(win)).toBe('Firefox 133 on Windows 10')
    expect(describeUserAgent(phone)).toBe('Safari 17 on iOS')
  })

  it('says what it does not know instead of failing', () => {
    expect(describeUserAgent('')).toBe('Unknown device')
    expect(describeUserAgent('   ')).toBe('Unknown device')
    expect(describeUserAgent('test')).toBe('Unknown device')
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import { appUrl } from './app-url'

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('appUrl', () => {
  it('APP_URL, else NEXTAUTH_URL, else the local address; no trailing slash before the path', () => {
    vi.stubEnv('APP_URL', 'https://app.example.com///')
    vi.stubEnv('NEXTAUTH_URL', 'https://auth.example.com/')
    expect(appUrl()).toBe('https://app.example.com')
    expect(appUrl('/reset-password/t')).toBe('https://app.example.com/reset-password/t')
    vi.stubEnv('APP_URL', undefined)
    expect(appUrl('/confirm-email/t')).toBe('https://auth.example.com/confirm-email/t')
    vi.stubEnv('NEXTAUTH_URL', undefined)
    expect(appUrl('/x')).toBe('http://localhost:3000/x')
  })
})

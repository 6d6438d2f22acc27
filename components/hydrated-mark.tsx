'use client'

import { useEffect } from 'react'

/**
 * Marks the document once React has hydrated it (`<html data-hydrated>`): before that, keys and
 * clicks reach no handler of ours. The end-to-end specs wait for it after a full page load
 * (e2e/fixtures.ts `hydrated`) instead of guessing with timeouts.
 */
export function HydratedMark() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = ''
  }, [])
  return null
}

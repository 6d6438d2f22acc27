'use client'

import { useEffect, useRef, useState } from 'react'
import type { UrlQuery } from './use-url-query'

const DEBOUNCE_MS = 300

/**
 * A filter kept in the URL parameter `name`: typing applies it after a pause, `apply` and `take`
 * at once. The box keeps what is typed; it follows the URL only when something else changed the
 * parameter (Clear filters, a target link), not when the URL catches up with a keystroke.
 */
export function useFilterParam(name: string, { params, set }: UrlQuery) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  // The debounced call must use the newest `set` (another filter may have changed the URL meanwhile).
  const latestSet = useRef(set)
  useEffect(() => {
    latestSet.current = set
  }, [set])
  useEffect(() => () => clearTimeout(timer.current), [])

  const inUrl = params.get(name) ?? ''
  const [value, setValue] = useState(inUrl)
  const [seen, setSeen] = useState(inUrl)
  const [sent, setSent] = useState(inUrl)
  if (inUrl !== seen) {
    setSeen(inUrl)
    if (inUrl !== sent) {
      setValue(inUrl)
      setSent(inUrl)
    }
  }

  /** The trimmed value, for a caller that applies several filters in one URL change. */
  function take(typed = value): string {
    clearTimeout(timer.current)
    const v = typed.trim()
    setSent(v)
    return v
  }

  function onChange(typed: string) {
    setValue(typed)
    clearTimeout(timer.current)
    timer.current = setTimeout(() => latestSet.current({ [name]: take(typed) || null }), DEBOUNCE_MS)
  }

  /** Sets and applies at once (a date picked, say). */
  function apply(typed: string) {
    setValue(typed)
    latestSet.current({ [name]: take(typed) || null })
  }

  function clear() {
    clearTimeout(timer.current)
    setValue('')
    setSent('')
  }

  return { value, onChange, apply, take, clear }
}

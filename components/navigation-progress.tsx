'use client'

import { usePathname, useSearchParams } from 'next/navigation'
import { useEffect, useState } from 'react'
import { linkDestination } from './use-unsaved-changes'

/**
 * A thin bar at the top of the window (and "Loading…" for screen readers) from the moment a link
 * to another page is followed until that page is shown. It listens on the document in the capture
 * phase: after the unsaved-changes question (on the window), before Next's Link handles the click.
 */
export function NavigationProgress() {
  const location = `${usePathname()}?${useSearchParams()}`
  const [pendingFrom, setPendingFrom] = useState<string | null>(null)
  // Arriving anywhere (the page asked for, a redirect, Back) ends the wait.
  const [shown, setShown] = useState(location)
  if (shown !== location) {
    setShown(location)
    setPendingFrom(null)
  }
  const pending = pendingFrom === location

  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      if (linkDestination(e)) setPendingFrom(`${window.location.pathname}?${new URLSearchParams(window.location.search)}`)
    }
    document.addEventListener('click', onClick, true)
    return () => document.removeEventListener('click', onClick, true)
  }, [])

  // A navigation that never arrives (offline, an error page in place) does not leave the bar up.
  useEffect(() => {
    if (!pending) return
    const t = setTimeout(() => setPendingFrom(null), 15_000)
    return () => clearTimeout(t)
  }, [pending])

  return (
    <>
      <div aria-live="polite" className="sr-only">
        {pending ? 'Loading…' : ''}
      </div>
      {pending && (
        <div role="progressbar" aria-label="Loading the page" className="fixed inset-x-0 top-0 z-[60] h-1 overflow-hidden bg-brand-soft">
          <div className="h-full w-1/3 animate-[navprogress_1.2s_ease-in-out_infinite] bg-brand motion-reduce:w-full motion-reduce:animate-none" />
        </div>
      )}
    </>
  )
}

'use client'

import { useEffect, useState } from 'react'
import { FormMessage } from '@/components/form-message'

// A message carried to the users list from a page that no longer exists once its action is done
// (a member deleted, an invitation revoked, from the member's page). Kept for one showing in this
// tab's sessionStorage, never in the address: nobody can make the list say something with a link.

const KEY = 'teamgate.users-notice'

export function flashUsersNotice(message: string) {
  try {
    sessionStorage.setItem(KEY, message)
  } catch {
    // Storage refused (private mode): the list simply shows no message.
  }
}

/** The carried message, once, announced politely (role="status"). */
export function FlashNotice() {
  const [message, setMessage] = useState<string | null>(null)
  useEffect(() => {
    let m: string | null = null
    try {
      m = sessionStorage.getItem(KEY)
      sessionStorage.removeItem(KEY)
    } catch {
      m = null
    }
    // Read after mount: sessionStorage does not exist on the server.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (m) setMessage(m)
  }, [])
  return message ? (
    <div className="mb-4">
      <FormMessage kind="success">{message}</FormMessage>
    </div>
  ) : null
}

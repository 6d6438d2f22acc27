'use client'

import { createContext, useContext, useRef, useState, type ReactNode, type RefObject } from 'react'
import { FormMessage } from '@/components/form-message'

export type Notice = { kind: 'success' | 'error'; text: string }
type NoticeContext = {
  notice: Notice | null
  show: (n: Notice | null) => void
  /** The message's box: a dialog whose opener goes away (the editor remounts) returns focus here. */
  slot: RefObject<HTMLDivElement | null>
}

const Ctx = createContext<NoticeContext | null>(null)

export function useNotice(): NoticeContext {
  const ctx = useContext(Ctx)
  if (!ctx) throw new Error('useNotice needs a NoticeProvider')
  return ctx
}

/**
 * The page's outcome message (a save, the assignees dialog, a failed duplicate). It lives
 * outside the editor, which page.tsx keys on the role's version: a save remounts the editor,
 * and the message stays.
 */
export function NoticeProvider({ children, initial = null }: { children: ReactNode; initial?: Notice | null }) {
  const [notice, setNotice] = useState<Notice | null>(initial)
  const slot = useRef<HTMLDivElement>(null)
  return <Ctx.Provider value={{ notice, show: setNotice, slot }}>{children}</Ctx.Provider>
}

export function NoticeSlot() {
  const { notice, slot } = useNotice()
  return (
    <div ref={slot} tabIndex={-1} className="mb-4 max-w-3xl empty:mb-0 focus:outline-none">
      {notice && <FormMessage kind={notice.kind}>{notice.text}</FormMessage>}
    </div>
  )
}

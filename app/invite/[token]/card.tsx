import type { ReactNode } from 'react'

/** The invitation pages' one card, centred on the screen. */
export function Card({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-md rounded-xl border border-line bg-white p-8 shadow-sm">{children}</div>
    </main>
  )
}

'use client'

import { SessionProvider, useSession } from 'next-auth/react'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Button } from '@/components/ui/button'

type Workspace = { id: string; name: string; role: string }

function Picker({ workspaces }: { workspaces: Workspace[] }) {
  const { update } = useSession()
  const router = useRouter()
  const [busy, setBusy] = useState<string | null>(null)
  return (
    <ul className="flex flex-col gap-2">
      {workspaces.map((w) => (
        <li key={w.id}>
          <Button
            variant="secondary"
            className="w-full justify-between"
            disabled={busy !== null}
            onClick={async () => {
              setBusy(w.id)
              await update({ tenantId: w.id })
              router.replace('/')
              router.refresh()
            }}
          >
            <span>{w.name}</span>
            <span className="text-xs text-ink-muted">{busy === w.id ? 'Opening…' : w.role}</span>
          </Button>
        </li>
      ))}
    </ul>
  )
}

export function WorkspacePicker(props: { workspaces: Workspace[] }) {
  return (
    <SessionProvider>
      <Picker {...props} />
    </SessionProvider>
  )
}

import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { getAccess } from '@/lib/authz/get-access'
import { listActiveWorkspaces } from '@/lib/db/users'
import { WorkspacePicker } from './workspace-picker'

export const metadata: Metadata = { title: 'Choose a workspace' }

// Signed in, no workspace chosen yet (a user with several). Only the user's own active
// memberships are listed, and the session update re-checks the choice on the server.
export default async function SelectWorkspacePage() {
  const state = await getAccess()
  if (state.status === 'anonymous') redirect('/login')
  const userId = state.status === 'ok' ? state.access.userId : state.status === 'no-workspace' ? state.userId : null
  if (!userId) redirect('/login')
  const workspaces = await listActiveWorkspaces(userId)
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md rounded-xl border border-line bg-white p-8 shadow-sm">
        <h1 className="mb-4 text-2xl font-semibold">Choose a workspace</h1>
        {workspaces.length === 0 ? (
          <p className="text-sm text-ink-muted">You have no active workspace. Ask an admin to invite or reactivate you.</p>
        ) : (
          <WorkspacePicker workspaces={workspaces.map((w) => ({ id: w.tenant.id, name: w.tenant.name, role: w.baseRole.toLowerCase() }))} />
        )}
      </div>
    </main>
  )
}

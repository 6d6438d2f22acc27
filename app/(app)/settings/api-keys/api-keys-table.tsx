'use client'

import { useRouter } from 'next/navigation'
import { useRef, useState, useTransition } from 'react'
import { dayFormat, emptyCell, formatInstant } from '@/components/data-table/cells'
import { FormMessage } from '@/components/form-message'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/dialog'
import { focusRing } from '@/components/ui/focus-ring'
import { ScrollRegion } from '@/components/ui/scroll-region'
import { revokeApiKey } from './actions'
import type { ApiKeyListRow } from './types'

const STATUS_TEXT: Record<ApiKeyListRow['status'], { text: string; tone: string }> = {
  active: { text: 'Active', tone: 'bg-ok-soft text-ok' },
  expired: { text: 'Expired', tone: 'bg-gray-100 text-ink-muted' },
  revoked: { text: 'Revoked', tone: 'bg-danger-soft text-danger' },
  'creator inactive': { text: 'Creator gone', tone: 'bg-warn-soft text-warn' },
}

const th = 'px-4 py-2 font-medium'
const td = 'px-4 py-2 align-top'

/** The workspace's keys, newest first; a Revoke button per live key for those who may manage them. */
export function ApiKeysTable({ rows, canManage }: { rows: ApiKeyListRow[]; canManage: boolean }) {
  const router = useRouter()
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string; n: number } | null>(null)
  const [revoking, setRevoking] = useState<ApiKeyListRow | null>(null)
  const [pending, startTransition] = useTransition()
  const noticeRef = useRef<HTMLDivElement>(null)

  function confirm() {
    const key = revoking
    if (!key) return
    startTransition(async () => {
      const r = await revokeApiKey({ keyId: key.id })
      setRevoking(null)
      setNotice((prev) => ({
        kind: r.ok ? 'success' : 'error',
        text: r.message ?? (r.ok ? `Revoked ${key.name}.` : 'Could not revoke the key.'),
        n: (prev?.n ?? 0) + 1,
      }))
      noticeRef.current?.focus()
      router.refresh()
    })
  }

  return (
    <div className="flex flex-col gap-4">
      <div ref={noticeRef} tabIndex={-1} className="outline-none empty:hidden">
        {notice && (
          <FormMessage key={notice.n} kind={notice.kind}>
            {notice.text}
          </FormMessage>
        )}
      </div>
      <ScrollRegion label="API keys" className="rounded-lg border border-line bg-white">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-line bg-gray-50 text-xs uppercase text-ink-muted">
            <tr>
              <th scope="col" className={th}>
                Name
              </th>
              <th scope="col" className={th}>
                Key
              </th>
              <th scope="col" className={th}>
                Permissions
              </th>
              <th scope="col" className={th}>
                Created by
              </th>
              <th scope="col" className={th}>
                Last used
              </th>
              <th scope="col" className={th}>
                Expires
              </th>
              <th scope="col" className={th}>
                Status
              </th>
              {canManage && (
                <th scope="col" className={th}>
                  <span className="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {rows.length === 0 && (
              <tr>
                <td colSpan={canManage ? 8 : 7} className="px-4 py-6 text-center text-ink-muted">
                  No API keys yet.
                </td>
              </tr>
            )}
            {rows.map((k) => (
              <tr key={k.id}>
                <th scope="row" className={`${td} font-medium`}>
                  {k.name}
                </th>
                <td className={`${td} whitespace-nowrap font-mono text-xs`}>{k.prefix}…</td>
                <td className={`${td} tabular-nums`}>{k.permissions}</td>
                <td className={td}>{k.createdBy ?? <span className="text-ink-muted">a deleted member</span>}</td>
                <td className={`${td} whitespace-nowrap`}>{k.lastUsedAt ? <time dateTime={k.lastUsedAt}>{formatInstant(k.lastUsedAt)}</time> : 'Never'}</td>
                <td className={`${td} whitespace-nowrap`}>
                  {k.expiresAt ? <time dateTime={k.expiresAt}>{dayFormat.format(new Date(k.expiresAt))}</time> : emptyCell}
                </td>
                <td className={td}>
                  <span className={`whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_TEXT[k.status].tone}`}>
                    {STATUS_TEXT[k.status].text}
                  </span>
                </td>
                {canManage && (
                  <td className={`${td} text-right`}>
                    {!k.revokedAt && (
                      <Button variant="secondary" className={`px-2.5 py-1 ${focusRing}`} onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`}>
                        Revoke
                      </Button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => !open && setRevoking(null)}
        title={`Revoke ${revoking?.name ?? 'the key'}?`}
        description="Requests with this key are refused from the next one on. A revoked key cannot be restored: create a new one if you need it again."
        confirmLabel="Revoke key"
        tone="danger"
        pending={pending}
        onConfirm={confirm}
      />
    </div>
  )
}

'use client'

import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { leafLabel, type PermissionKey } from '@/lib/authz/catalog'
import { buildTree, filterTree, nodeState, toggle, type CheckState, type TreeNode } from './tree-state'

type Props = {
  checked: ReadonlySet<PermissionKey>
  onChange: (next: Set<PermissionKey>) => void
  /** Why a leaf cannot be changed by this editor, or null when it can. */
  disabledReason: (key: PermissionKey) => string | null
  /** Shown as inherited (e.g. from the member's role template); not editable here. */
  inherited?: ReadonlySet<PermissionKey>
  label: string
}

const TREE = buildTree()

/**
 * The permission checkbox tree (roles editor and member detail). Native checkboxes in nested
 * lists: every box is reachable with Tab and toggled with Space; module sections open and
 * close with their disclosure buttons; mixed state is the checkbox's own indeterminate state.
 */
export function PermissionTree({ checked, onChange, disabledReason, inherited, label }: Props) {
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState<Set<string>>(() => new Set())
  const [note, setNote] = useState('')
  const searchId = useId()
  const nodes = useMemo(() => filterTree(TREE, query), [query])
  const enabled = (k: PermissionKey) => disabledReason(k) === null

  function set(node: TreeNode, value: boolean) {
    const r = toggle(node, value, checked, enabled)
    onChange(r.checked)
    const parts = []
    if (r.added.length) parts.push(`Also checked, because it is required: ${r.added.map(leafLabel).join(', ')}.`)
    if (r.removed.length) parts.push(`Also cleared, because it requires what you cleared: ${r.removed.map(leafLabel).join(', ')}.`)
    setNote(parts.join(' '))
  }

  const all: TreeNode = { id: 'all', label: 'All permissions', leaves: TREE.flatMap((n) => n.leaves), children: [] }
  return (
    <div className="rounded-lg border border-line bg-white" role="group" aria-label={label}>
      <div className="flex flex-wrap items-end gap-3 border-b border-line p-3">
        <div className="flex flex-1 flex-col gap-1">
          <label htmlFor={searchId} className="text-sm font-medium">Search permissions</label>
          <input id={searchId} type="search" value={query} onChange={(e) => setQuery(e.target.value)} className="rounded-md border border-gray-300 px-3 py-1.5 text-sm" placeholder="e.g. invite, contacts" />
        </div>
        <button type="button" className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-gray-50" onClick={() => set(all, true)}>Check all</button>
        <button type="button" className="rounded-md border border-line px-3 py-1.5 text-sm hover:bg-gray-50" onClick={() => set(all, false)}>Clear all</button>
      </div>
      <p role="status" aria-live="polite" className={note ? 'border-b border-line bg-brand-soft px-3 py-2 text-sm text-brand' : 'sr-only'}>{note}</p>
      {nodes.length === 0 ? (
        <p className="p-4 text-sm text-ink-muted">No permission matches “{query}”.</p>
      ) : (
        <ul className="divide-y divide-line">
          {nodes.map((m) => (
            <ModuleRow key={m.id} node={m} expanded={query !== '' || open.has(m.id)} onExpand={(v) => setOpen((o) => { const n = new Set(o); if (v) n.add(m.id); else n.delete(m.id); return n })} checked={checked} inherited={inherited} disabledReason={disabledReason} set={set} />
          ))}
        </ul>
      )}
    </div>
  )
}

type RowProps = { node: TreeNode; checked: ReadonlySet<PermissionKey>; inherited?: ReadonlySet<PermissionKey>; disabledReason: Props['disabledReason']; set: (n: TreeNode, v: boolean) => void }

function ModuleRow({ node, expanded, onExpand, ...rest }: RowProps & { expanded: boolean; onExpand: (v: boolean) => void }) {
  const listId = useId()
  const moduleReason = node.leaves.every((k) => rest.disabledReason(k) !== null) ? rest.disabledReason(node.leaves[0]) : null
  return (
    <li className="px-3 py-2">
      <div className="flex items-center gap-2">
        <button type="button" aria-expanded={expanded} aria-controls={listId} onClick={() => onExpand(!expanded)} className="rounded px-1 text-ink-muted hover:bg-gray-100" aria-label={`${expanded ? 'Collapse' : 'Expand'} ${node.label}`}>
          <span aria-hidden>{expanded ? '▾' : '▸'}</span>
        </button>
        <Box node={node} {...rest} strong />
        {moduleReason && <span className="text-xs text-ink-muted">({moduleReason})</span>}
      </div>
      <ul id={listId} hidden={!expanded} className="ml-8 mt-1 flex flex-col gap-1">
        {node.children.map((c) => <Branch key={c.id} node={c} {...rest} />)}
      </ul>
    </li>
  )
}

function Branch(props: RowProps) {
  const { node } = props
  return (
    <li>
      <Box {...props} strong={node.children.length > 0} />
      {node.children.length > 0 && (
        <ul className="ml-6 mt-1 flex flex-col gap-1">
          {node.children.map((c) => <Branch key={c.id} {...props} node={c} />)}
        </ul>
      )}
    </li>
  )
}

function Box({ node, checked, inherited, disabledReason, set, strong }: RowProps & { strong?: boolean }) {
  const ref = useRef<HTMLInputElement>(null)
  const id = useId()
  const state: CheckState = nodeState(node, checked)
  const inheritedAll = inherited && node.leaves.every((k) => inherited.has(k))
  const reasons = node.leaves.map(disabledReason)
  const disabled = reasons.every((r) => r !== null)
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === 'mixed'
  }, [state])
  return (
    <span className="inline-flex items-start gap-2">
      <input
        ref={ref}
        id={id}
        type="checkbox"
        className="mt-0.5 h-4 w-4 accent-brand"
        checked={state === true}
        aria-checked={state === 'mixed' ? 'mixed' : state}
        disabled={disabled}
        onChange={(e) => set(node, e.target.checked)}
        aria-describedby={node.key && disabled && reasons[0] ? `${id}-why` : undefined}
      />
      <label htmlFor={id} className={`text-sm ${strong ? 'font-medium' : ''} ${disabled ? 'text-ink-faint' : ''}`}>
        {node.label}
        {inheritedAll && <span className="ml-2 rounded bg-gray-100 px-1.5 py-0.5 text-xs text-ink-muted">from role</span>}
        {node.key && disabled && reasons[0] && <span id={`${id}-why`} className="sr-only"> ({reasons[0]})</span>}
      </label>
    </span>
  )
}

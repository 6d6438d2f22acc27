'use client'

import { useId, useMemo, useState } from 'react'
import { leafLabel, type PermissionKey } from '@/lib/authz/catalog'
import { buildTree, filterTree, nodeLocks, nodeStates, rootNode, toggle, type NodeSummary, type ToggleResult, type TreeNode } from './tree-state'

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
const ROOT = rootNode(TREE)
const button = 'rounded-md border border-line px-3 py-1.5 text-sm hover:bg-gray-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand'

/** What every row reads: computed once per render of the tree, for all nodes at once. */
type View = {
  states: Map<string, NodeSummary>
  locks: Map<string, string>
  inherited?: Map<string, NodeSummary>
  set: (node: TreeNode, value: boolean) => void
}

function describe(r: ToggleResult): string {
  const list = (keys: PermissionKey[]) => keys.map(leafLabel).join(', ')
  const parts = []
  if (r.added.length) parts.push(`Also checked, because it is required: ${list(r.added)}.`)
  if (r.removed.length) parts.push(`Also cleared, because it requires what you cleared: ${list(r.removed)}.`)
  if (r.blocked.length) parts.push(`Still needs ${list(r.blocked)}, which cannot be changed here.`)
  return parts.join(' ')
}

/**
 * The permission checkbox tree (roles editor and member detail). Native checkboxes in nested
 * lists: every box is reachable with Tab and toggled with Space; module sections open and
 * close with their disclosure buttons; mixed state is the checkbox's own indeterminate state,
 * which browsers expose to assistive technology as "mixed". A click costs one pass over the
 * nodes: states and locks are computed for the whole tree once, not per row.
 */
export function PermissionTree({ checked, onChange, disabledReason, inherited, label }: Props) {
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set())
  const [note, setNote] = useState('')
  const searchId = useId()
  const nodes = useMemo(() => filterTree(TREE, query), [query])
  const states = useMemo(() => nodeStates([ROOT], checked), [checked])
  const locks = useMemo(() => nodeLocks([ROOT], disabledReason), [disabledReason])
  const fromRole = useMemo(() => (inherited ? nodeStates([ROOT], inherited) : undefined), [inherited])
  const treeLock = locks.get(ROOT.id)

  const view: View = {
    states,
    locks,
    inherited: fromRole,
    set(node, value) {
      const r = toggle(node, value, checked, (k) => !locks.has(k))
      onChange(r.checked)
      setNote(describe(r))
    },
  }
  const expand = (id: string, value: boolean) =>
    setOpen((o) => {
      const n = new Set(o)
      if (value) n.add(id)
      else n.delete(id)
      return n
    })

  return (
    <div className="rounded-lg border border-line bg-white" role="group" aria-label={label}>
      <div className="flex flex-wrap items-end gap-3 border-b border-line p-3">
        <div className="flex flex-1 flex-col gap-1">
          <label htmlFor={searchId} className="text-sm font-medium">
            Search permissions
          </label>
          <input
            id={searchId}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            className="rounded-md border border-gray-300 px-3 py-1.5 text-sm"
            placeholder="e.g. invite, contacts"
          />
        </div>
        {treeLock ? (
          <p className="py-1.5 text-sm text-ink-muted">All permissions: {treeLock}</p>
        ) : (
          <>
            <button type="button" className={button} onClick={() => view.set(ROOT, true)}>
              Check all
            </button>
            <button type="button" className={button} onClick={() => view.set(ROOT, false)}>
              Clear all
            </button>
          </>
        )}
      </div>
      <p role="status" className={note ? 'border-b border-line bg-brand-soft px-3 py-2 text-sm text-brand' : 'sr-only'}>
        {note}
      </p>
      {nodes.length === 0 ? (
        <p className="p-4 text-sm text-ink-muted">No permission matches “{query}”.</p>
      ) : (
        <ul className="divide-y divide-line">
          {nodes.map((m) => (
            <ModuleRow key={m.id} node={m} view={view} parentLock={treeLock} expanded={query !== '' || open.has(m.id)} onExpand={(v) => expand(m.id, v)} />
          ))}
        </ul>
      )}
    </div>
  )
}

type RowProps = { node: TreeNode; view: View; parentLock: string | undefined }

function ModuleRow({ node, view, parentLock, expanded, onExpand }: RowProps & { expanded: boolean; onExpand: (v: boolean) => void }) {
  const listId = useId()
  return (
    <li className="px-3 py-2">
      <div className="flex items-start gap-2">
        <button
          type="button"
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={() => onExpand(!expanded)}
          className="rounded px-1 text-ink-muted hover:bg-gray-100"
          aria-label={`${expanded ? 'Collapse' : 'Expand'} ${node.label}`}
        >
          <span aria-hidden>{expanded ? '▾' : '▸'}</span>
        </button>
        <Box node={node} view={view} parentLock={parentLock} isModule />
      </div>
      {/* A collapsed module's rows are not rendered at all: a click re-renders only what is open. */}
      <ul id={listId} hidden={!expanded} className="ml-8 mt-1 flex flex-col gap-1">
        {expanded && node.children.map((c) => <Branch key={c.id} node={c} view={view} parentLock={view.locks.get(node.id)} />)}
      </ul>
    </li>
  )
}

function Branch({ node, view, parentLock }: RowProps) {
  return (
    <li>
      <Box node={node} view={view} parentLock={parentLock} />
      {node.children.length > 0 && (
        <ul className="ml-6 mt-1 flex flex-col gap-1">
          {node.children.map((c) => (
            <Branch key={c.id} node={c} view={view} parentLock={view.locks.get(node.id)} />
          ))}
        </ul>
      )}
    </li>
  )
}

/**
 * One checkbox. A scope leaf is named in full ("View conversations (all unassigned)"): with
 * Tab, a screen reader hears the box without the list around it. A locked node's reason is
 * its accessible description; it is also shown as text on the highest node it applies to (a
 * module the plan switches off says so next to its name), not repeated on every leaf below.
 */
function Box({ node, view, parentLock, isModule = false }: RowProps & { isModule?: boolean }) {
  const id = useId()
  const { state, checked } = view.states.get(node.id)!
  const lock = view.locks.get(node.id)
  const fromRole = view.inherited?.get(node.id)?.state === true
  const showReason = lock !== undefined && lock !== parentLock && !node.key && !fromRole
  const name = node.key ? leafLabel(node.key) : node.label
  return (
    <span className="inline-flex flex-wrap items-baseline gap-x-2">
      <input
        ref={(el) => {
          if (el) el.indeterminate = state === 'mixed'
        }}
        id={id}
        type="checkbox"
        className="h-4 w-4 self-center accent-brand"
        checked={state === true}
        disabled={lock !== undefined}
        onChange={(e) => view.set(node, e.target.checked)}
        aria-describedby={lock ? `${id}-why` : undefined}
      />
      <label htmlFor={id} className={`text-sm ${node.children.length ? 'font-medium' : ''} ${lock ? 'text-ink-faint' : ''}`}>
        {name === node.label ? (
          node.label
        ) : (
          <>
            <span aria-hidden>{node.label}</span>
            <span className="sr-only">{name}</span>
          </>
        )}
        {fromRole && <span className="ml-2 rounded bg-gray-100 px-1.5 py-0.5 text-xs text-ink-muted">from role</span>}
      </label>
      {isModule && (
        <span className="text-xs text-ink-muted">
          {checked} of {node.leaves.length}
        </span>
      )}
      {/* Hidden where not shown: still the box's description, not read again in the page's text. */}
      {lock && (
        <span id={`${id}-why`} hidden={!showReason} className="text-xs text-ink-muted">
          ({lock})
        </span>
      )}
    </span>
  )
}

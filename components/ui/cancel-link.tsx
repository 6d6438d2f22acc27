import Link from 'next/link'
import { focusRing } from './focus-ring'

/** "Cancel" beside a form's submit button: back to where the form was opened from, nothing saved. */
export function CancelLink({ href }: { href: string }) {
  return (
    <Link href={href} className={`rounded-md px-3.5 py-2 text-sm font-medium text-ink hover:bg-gray-100 ${focusRing}`}>
      Cancel
    </Link>
  )
}

// What the tables' cells share: the mark of an empty value, the date format, the link style.

/** An empty cell: a dash, muted. */
export const emptyCell = <span className="text-ink-muted">—</span>

/** Dates of the lists, as days in UTC (so the server render and the browser agree). */
export const dayFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })

const instantFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC', hourCycle: 'h23' })

/** A moment, to the minute and labelled UTC ("Dec 2, 2026, 14:05 UTC"): the same text on the server and in every browser. */
export function formatInstant(iso: string): string {
  return `${instantFormat.format(new Date(iso))} UTC`
}

/** A link in a cell (a row's name, say). */
export const cellLink =
  'rounded-sm font-medium text-brand underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1'

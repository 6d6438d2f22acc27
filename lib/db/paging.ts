/** The page to show: a shared link to a page that no longer exists shows the last one. */
export function pageWithin(page: number, total: number, size: number): number {
  return Math.min(page, Math.max(1, Math.ceil(total / size)))
}

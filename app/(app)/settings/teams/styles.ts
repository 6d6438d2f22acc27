/** The focus ring of this screen's buttons and checkboxes, as on the Users screen. */
export const focusRing = 'focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1'

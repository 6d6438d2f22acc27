/**
 * The focus ring of buttons, links and fields drawn as controls (the global :focus-visible
 * outline in app/globals.css covers everything else).
 */
export const focusRing = 'focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-1'

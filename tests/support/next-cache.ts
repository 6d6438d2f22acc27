// next/cache outside a Next.js request (integration tests call actions directly): there is
// no cache to revalidate, so these are no-ops. The end-to-end suite runs the real ones.
export function revalidatePath() {}
export function revalidateTag() {}
export function updateTag() {}
export function refresh() {}

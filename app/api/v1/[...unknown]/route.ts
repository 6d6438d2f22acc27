import { unknownPath } from '@/lib/api/handlers'

// Any path under /api/v1 that no route file serves: a 404 in problem details, not the app's HTML page.
export const GET = unknownPath
export const POST = unknownPath
export const PUT = unknownPath
export const PATCH = unknownPath
export const DELETE = unknownPath

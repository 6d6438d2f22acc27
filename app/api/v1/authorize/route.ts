import { authorizeRoute } from '@/lib/api/routes/authorize'

// Defined in lib/api/routes/authorize.ts and listed in the API's registry (lib/api/registry.ts).
export const POST = authorizeRoute.handle

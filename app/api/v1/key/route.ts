import { keyRoute } from '@/lib/api/routes/key'

// Defined in lib/api/routes/key.ts and listed in the API's registry (lib/api/registry.ts).
export const GET = keyRoute.handle

import { openApiRoute } from '@/lib/api/registry'

// Generated from the API's registry (lib/api/registry.ts).
export const GET = openApiRoute.handle

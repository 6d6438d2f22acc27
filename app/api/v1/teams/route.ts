import { routeHandlers } from '@/lib/api/handlers'

// Defined in lib/api/routes/ and listed in the API's registry (lib/api/registry.ts).
export const { GET, POST, PUT, PATCH, DELETE } = routeHandlers('/api/v1/teams')

import { routeHandlers } from '@/lib/api/handlers'

// Generated from the API's registry (lib/api/registry.ts).
export const { GET, POST, PUT, PATCH, DELETE } = routeHandlers('/api/v1/openapi.json')

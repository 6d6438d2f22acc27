import 'server-only'
import { z } from 'zod'
import { defineApiRoute, type ApiRoute } from './define-route'
import { openApiDocument } from './openapi'
import { authorizeRoute } from './routes/authorize'
import { AUDIT_ROUTES } from './routes/audit'
import { MEMBER_ROUTES } from './routes/members'
import { ROLE_ROUTES } from './routes/roles'
import { TEAM_ROUTES } from './routes/teams'
import { keyRoute } from './routes/key'

// The one list of the API's routes. The OpenAPI document is generated from it, and so are the
// API's security matrix and its checks (tests/integration/api-*.test.ts): every route file under
// app/api/v1 must export a route listed here, and every route listed here must have its file.

/** GET /api/v1/openapi.json: the document of the routes below (this one included), for anyone. */
export const openApiRoute: ApiRoute = defineApiRoute(
  {
    method: 'GET',
    path: '/api/v1/openapi.json',
    operationId: 'openapi',
    summary: 'This API’s OpenAPI document',
    description: 'The OpenAPI 3.1 document of the API, generated from the schemas the routes validate with. No key needed.',
    permission: 'public',
    response: z.looseObject({ openapi: z.literal('3.1.0') }).meta({ id: 'OpenApiDocument' }),
  },
  async (_input, { request }) => openApiDocument(API_ROUTES, new URL(request.url).origin),
)

export const API_ROUTES: readonly ApiRoute[] = [authorizeRoute, keyRoute, ...MEMBER_ROUTES, ...ROLE_ROUTES, ...TEAM_ROUTES, ...AUDIT_ROUTES, openApiRoute]

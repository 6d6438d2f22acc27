// The generated workspaces of the PostgreSQL benchmarks (bench:scale, bench:api): SQL that
// PostgreSQL runs to make realistic members (names, emails, statuses, roles, templates, teams,
// pending invitations) with generate_series, instead of inserting them one by one.

/** The plan the generated workspaces are on: every module but Integrations, seats for all. */
export const SCALE_PLAN_SQL = `INSERT INTO "Plan" (id, name, "seatLimit", "roleLimit", "enabledModules", "sortOrder") VALUES
    ('scale', 'Scale', 2000000, 20, ARRAY['contacts','inbox','broadcasts','workflows','analytics','settings','billing'], 9)`

export const FIRST =
  'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Lisa Matthew Nancy Anthony Betty Mark Sandra Paul Ashley Steven Emily Andrew Donna Joshua Michelle Kevin Carol Brian Amanda George Melissa Timothy Deborah Ronald Laura Jason Rebecca Ryan Sharon Jacob Cynthia Gary Kathleen Nicholas Amy Eric Angela Jonathan Anna Aisha Wei Sofia Mateo Priya Kenji Olga Lucas Fatima Noah'
export const LAST =
  'Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Kowalski Novak Schmidt Rossi Dubois Tanaka Sato Chen Wang Singh Okafor'
export const arr = (words: string) => `ARRAY[${words.split(' ').map((w) => `'${w}'`)}]`
export const TEMPLATES = ['Support agent', 'Marketing', 'Operations manager', 'Campaign manager', 'Read only']

export type Ws = { key: string; tenantId: string; n: number; teams: number }

/**
 * The members of workspaces `w` (a VALUES list of tenant id, member count, team count), generated
 * into a temporary table `gen` and inserted into User, Membership, TeamMember and Invitation.
 * Every 250th member is a Smith (so "smith" matches 0.4 %); ~85 % active, 10 % invited, 5 %
 * suspended; 3 % admins; a third of the members with one of 5 templates; 40 % in one or two teams.
 */
export function membersSql(ws: { tenantId: string; n: number; teams: number }[]): string {
  const values = ws.map((w) => `('${w.tenantId}', ${w.n}, ${w.teams})`).join(', ')
  return `
    DROP TABLE IF EXISTS gen;
    CREATE TEMP TABLE gen AS
    SELECT w.t AS "tenantId", w.teams, i,
      w.t || '-' || i AS id,
      fn, ln,
      lower(fn || '.' || ln || '.' || i || '@' || w.t || '.' || (ARRAY['acme.example','mail.example','corp.example','example.org'])[1 + i % 4]) AS email,
      CASE WHEN i = 1 THEN 'ACTIVE' WHEN r1 < 0.85 THEN 'ACTIVE' WHEN r1 < 0.95 THEN 'INVITED' ELSE 'SUSPENDED' END AS status,
      CASE WHEN i = 1 THEN 'OWNER' WHEN r2 < 0.03 THEN 'ADMIN' ELSE 'MEMBER' END AS role,
      r1, r2, r3, r4, r5
    FROM (VALUES ${values}) w(t, n, teams)
    CROSS JOIN LATERAL generate_series(1, w.n) i
    CROSS JOIN LATERAL (SELECT
      (${arr(FIRST)})[1 + floor(random() * ${FIRST.split(' ').length})::int] AS fn,
      CASE WHEN i % 250 = 17 THEN 'Smith' ELSE (${arr(LAST)})[1 + floor(random() * ${LAST.split(' ').length})::int] END AS ln,
      random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5) x;

    INSERT INTO "User" (id, email, name, "createdAt", "updatedAt")
      SELECT 'u' || id, email, CASE WHEN status = 'INVITED' AND r5 < 0.5 THEN '' ELSE fn || ' ' || ln END, now(), now() FROM gen;
    INSERT INTO "Membership" (id, "tenantId", "userId", "baseRole", status, "crmAccess", "roleTemplateId", "templateName",
                              "lastLoginAt", "createdAt", "updatedAt", email, name)
      SELECT g.id, g."tenantId", 'u' || g.id, g.role::"BaseRole", g.status::"MembershipStatus", g.r4 < 0.7,
        CASE WHEN g.role = 'MEMBER' AND g.r3 < 1.0 / 3 THEN g."tenantId" || '-rt' || (1 + floor(g.r3 * 15)::int) END,
        CASE WHEN g.role = 'MEMBER' AND g.r3 < 1.0 / 3 THEN (ARRAY[${TEMPLATES.map((t) => `'${t}'`)}])[1 + floor(g.r3 * 15)::int] END,
        CASE WHEN g.status = 'INVITED' OR g.r5 < 0.1 THEN NULL ELSE now() - g.r4 * interval '365 days' END,
        now() - g.r5 * interval '1095 days', now(), g.email, u.name
      FROM gen g JOIN "User" u ON u.id = 'u' || g.id;
    INSERT INTO "TeamMember" ("teamId", "membershipId")
      SELECT DISTINCT "tenantId" || '-team' || t, id FROM gen
      CROSS JOIN LATERAL (VALUES (1 + i % teams), (1 + floor(r2 * teams)::int)) v(t)
      WHERE r1 < 0.4;
    INSERT INTO "Invitation" (id, "membershipId", "tokenHash", "expiresAt", "sentAt")
      SELECT 'inv' || id, id, md5(id || random()), now() + (r4 * 14 - 7) * interval '1 day', now() - interval '1 day'
      FROM gen WHERE status = 'INVITED';`
}

export function workspaceSql(w: Ws, name: string): string {
  return `
    INSERT INTO "Tenant" (id, name, slug, "planId") VALUES ('${w.tenantId}', '${name}', '${w.tenantId}', 'scale');
    INSERT INTO "RoleTemplate" (id, "tenantId", name, "updatedAt")
      SELECT '${w.tenantId}-rt' || k, '${w.tenantId}', (ARRAY[${TEMPLATES.map((t) => `'${t}'`)}])[k], now() FROM generate_series(1, 5) k;
    INSERT INTO "Team" (id, "tenantId", name) SELECT '${w.tenantId}-team' || k, '${w.tenantId}', 'Team ' || lpad(k::text, 3, '0') FROM generate_series(1, ${w.teams}) k;`
}

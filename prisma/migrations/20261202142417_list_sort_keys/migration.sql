-- Trigram search (ILIKE '%text%' through GIN indexes). pg_trgm ships with PostgreSQL's contrib
-- and is a trusted extension (a database owner may create it); the embedded database loads it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- DropIndex
DROP INDEX "AuditEvent_tenantId_action_idx";

-- DropIndex
DROP INDEX "AuditEvent_tenantId_createdAt_idx";

-- DropIndex
DROP INDEX "Membership_tenantId_baseRole_idx";

-- DropIndex
DROP INDEX "Membership_tenantId_createdAt_idx";

-- DropIndex
DROP INDEX "Membership_tenantId_lastLoginAt_idx";

-- DropIndex
DROP INDEX "Membership_tenantId_status_idx";

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "email" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "name" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "templateName" TEXT;

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "seatsJoined" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "seatsUsed" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_createdAt_id_idx" ON "AuditEvent"("tenantId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_action_createdAt_id_idx" ON "AuditEvent"("tenantId", "action", "createdAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_actorEmail_trgm_idx" ON "AuditEvent" USING GIN ("actorEmail" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Contact_tenantId_name_id_idx" ON "Contact"("tenantId", "name", "id");

-- CreateIndex
CREATE INDEX "Contact_tenantId_email_id_idx" ON "Contact"("tenantId", "email", "id");

-- CreateIndex
CREATE INDEX "Contact_tenantId_createdAt_id_idx" ON "Contact"("tenantId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Contact_name_trgm_idx" ON "Contact" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Contact_email_trgm_idx" ON "Contact" USING GIN ("email" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Membership_tenantId_email_id_idx" ON "Membership"("tenantId", "email", "id");

-- CreateIndex
CREATE INDEX "Membership_tenantId_name_id_idx" ON "Membership"("tenantId", "name", "id");

-- CreateIndex
CREATE INDEX "Membership_tenantId_templateName_id_idx" ON "Membership"("tenantId", "templateName", "id");

-- CreateIndex
CREATE INDEX "Membership_tenantId_status_id_idx" ON "Membership"("tenantId", "status", "id");

-- CreateIndex
CREATE INDEX "Membership_tenantId_baseRole_id_idx" ON "Membership"("tenantId", "baseRole", "id");

-- CreateIndex
CREATE INDEX "Membership_tenantId_createdAt_id_idx" ON "Membership"("tenantId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Membership_tenantId_lastLoginAt_id_idx" ON "Membership"("tenantId", "lastLoginAt", "id");

-- CreateIndex
CREATE INDEX "Membership_email_trgm_idx" ON "Membership" USING GIN ("email" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Membership_name_trgm_idx" ON "Membership" USING GIN ("name" gin_trgm_ops);


-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "ownerName" TEXT,
ADD COLUMN     "teamName" TEXT;

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_targetId_idx" ON "AuditEvent"("tenantId", "targetId");

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_targetType_idx" ON "AuditEvent"("tenantId", "targetType");

-- CreateIndex
CREATE INDEX "AuditEvent_summary_trgm_idx" ON "AuditEvent" USING GIN ("summary" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Contact_tenantId_ownerName_id_idx" ON "Contact"("tenantId", "ownerName", "id");

-- CreateIndex
CREATE INDEX "Contact_tenantId_teamName_id_idx" ON "Contact"("tenantId", "teamName", "id");

-- ─── Sort keys of the members list, copied onto the membership ─────────────────────────────
-- A membership carries its user's email and name and its template's name, so one workspace's
-- members sort, search and page through that workspace's own indexes. Triggers keep the copies
-- in step whatever writes the rows: a new or re-pointed membership reads them, a renamed user or
-- template (or a deleted template, through ON DELETE SET NULL) writes them.
UPDATE "Membership" m SET email = u.email, name = u.name FROM "User" u WHERE u.id = m."userId";
UPDATE "Membership" m SET "templateName" = rt.name FROM "RoleTemplate" rt WHERE rt.id = m."roleTemplateId";

CREATE FUNCTION membership_sort_keys() RETURNS trigger AS $$
BEGIN
  SELECT u.email, u.name INTO NEW.email, NEW.name FROM "User" u WHERE u.id = NEW."userId";
  NEW."templateName" := (SELECT rt.name FROM "RoleTemplate" rt WHERE rt.id = NEW."roleTemplateId");
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER "Membership_sort_keys" BEFORE INSERT OR UPDATE OF "userId", "roleTemplateId", email, name, "templateName" ON "Membership"
  FOR EACH ROW EXECUTE FUNCTION membership_sort_keys();

CREATE FUNCTION user_sort_keys() RETURNS trigger AS $$
BEGIN
  UPDATE "Membership" SET email = NEW.email, name = NEW.name WHERE "userId" = NEW.id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER "User_sort_keys" AFTER UPDATE OF email, name ON "User"
  FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email OR OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION user_sort_keys();

CREATE FUNCTION template_sort_keys() RETURNS trigger AS $$
BEGIN
  UPDATE "Membership" SET "templateName" = NEW.name WHERE "roleTemplateId" = NEW.id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER "RoleTemplate_sort_keys" AFTER UPDATE OF name ON "RoleTemplate"
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION template_sort_keys();

-- The same for contacts: a contact carries its owner's and its team's names, written when the
-- contact is created or re-assigned, rewritten when a member (their user) or a team is renamed,
-- and cleared with the owner or team (ON DELETE SET NULL).
UPDATE "Contact" c SET "ownerName" = m.name FROM "Membership" m WHERE m.id = c."ownerId";
UPDATE "Contact" c SET "teamName" = t.name FROM "Team" t WHERE t.id = c."teamId";

CREATE FUNCTION contact_sort_keys() RETURNS trigger AS $$
BEGIN
  NEW."ownerName" := (SELECT m.name FROM "Membership" m WHERE m.id = NEW."ownerId");
  NEW."teamName" := (SELECT t.name FROM "Team" t WHERE t.id = NEW."teamId");
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER "Contact_sort_keys" BEFORE INSERT OR UPDATE OF "ownerId", "teamId", "ownerName", "teamName" ON "Contact"
  FOR EACH ROW EXECUTE FUNCTION contact_sort_keys();

CREATE FUNCTION owner_sort_keys() RETURNS trigger AS $$
BEGIN
  UPDATE "Contact" SET "ownerName" = NEW.name WHERE "ownerId" = NEW.id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER "Membership_contact_sort_keys" AFTER UPDATE OF name ON "Membership"
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION owner_sort_keys();

CREATE FUNCTION team_sort_keys() RETURNS trigger AS $$
BEGIN
  UPDATE "Contact" SET "teamName" = NEW.name WHERE "teamId" = NEW.id;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER "Team_sort_keys" AFTER UPDATE OF name ON "Team"
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION team_sort_keys();

-- ─── Seat counters on the workspace row ────────────────────────────────────────────────────
-- "seatsUsed" counts every membership, "seatsJoined" those not INVITED. One statement-level
-- trigger per kind of change adds what the statement changed, in its transaction, so the counts
-- are exact after every change, bulk ones included. A change that moves no seat (a sign-in's
-- lastLoginAt, a role change) does not write the workspace row, so it never waits on its lock.
UPDATE "Tenant" t SET "seatsUsed" = c.used, "seatsJoined" = c.joined
  FROM (SELECT "tenantId", count(*)::int AS used, (count(*) FILTER (WHERE status <> 'INVITED'))::int AS joined FROM "Membership" GROUP BY "tenantId") c
  WHERE t.id = c."tenantId";

CREATE FUNCTION membership_seats() RETURNS trigger AS $$
BEGIN
  -- Each branch names only the transition tables its kind of trigger has.
  IF TG_OP = 'INSERT' THEN
    UPDATE "Tenant" t SET "seatsUsed" = t."seatsUsed" + d.used, "seatsJoined" = t."seatsJoined" + d.joined
      FROM (SELECT "tenantId", count(*)::int AS used, (count(*) FILTER (WHERE status <> 'INVITED'))::int AS joined
            FROM new_rows GROUP BY "tenantId") d
      WHERE t.id = d."tenantId";
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "Tenant" t SET "seatsUsed" = t."seatsUsed" - d.used, "seatsJoined" = t."seatsJoined" - d.joined
      FROM (SELECT "tenantId", count(*)::int AS used, (count(*) FILTER (WHERE status <> 'INVITED'))::int AS joined
            FROM old_rows GROUP BY "tenantId") d
      WHERE t.id = d."tenantId";
  ELSE
    UPDATE "Tenant" t SET "seatsUsed" = t."seatsUsed" + d.used, "seatsJoined" = t."seatsJoined" + d.joined
      FROM (SELECT "tenantId", sum(used)::int AS used, sum(joined)::int AS joined FROM (
              SELECT "tenantId", 1 AS used, CASE WHEN status <> 'INVITED' THEN 1 ELSE 0 END AS joined FROM new_rows
              UNION ALL
              SELECT "tenantId", -1, CASE WHEN status <> 'INVITED' THEN -1 ELSE 0 END FROM old_rows
            ) x GROUP BY "tenantId") d
      WHERE t.id = d."tenantId" AND (d.used <> 0 OR d.joined <> 0);
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER "Membership_seats_insert" AFTER INSERT ON "Membership"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION membership_seats();
CREATE TRIGGER "Membership_seats_delete" AFTER DELETE ON "Membership"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION membership_seats();
CREATE TRIGGER "Membership_seats_update" AFTER UPDATE ON "Membership"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION membership_seats();

-- CreateTable
CREATE TABLE "AccessVersion" (
    "tenantId" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 1,

    CONSTRAINT "AccessVersion_pkey" PRIMARY KEY ("tenantId")
);

-- AddForeignKey
ALTER TABLE "AccessVersion" ADD CONSTRAINT "AccessVersion_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A workspace's access version: one more in every transaction that commits a change to what a
-- member's access, or an authorize answer about them, is computed from (memberships, users,
-- grants, templates and their keys, teams and their members, the workspace, its plan). A reader
-- that reads the version in the same statement as those rows knows a copy it made at an equal
-- version is still exact (lib/db/access-cache.ts), whatever process or path made the change: a
-- server action, the API, a script, SQL typed by an operator.
--
-- The triggers are deferred constraint triggers: the version row is locked at commit, after every
-- other lock the transaction takes, so two transactions cannot wait on each other through it. A
-- transaction bumps each workspace once (teamgate.access_bumped lists those done).
CREATE FUNCTION access_version_bump(tenants TEXT[]) RETURNS void AS $$
DECLARE
  done TEXT := coalesce(current_setting('teamgate.access_bumped', true), '');
  todo TEXT[];
BEGIN
  SELECT array_agg(DISTINCT t ORDER BY t) INTO todo FROM unnest(tenants) t
   WHERE t IS NOT NULL AND position(',' || t || ',' IN ',' || done) = 0;
  IF todo IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO "AccessVersion" ("tenantId")
    SELECT id FROM "Tenant" WHERE id = ANY(todo) ORDER BY id
    ON CONFLICT ("tenantId") DO UPDATE SET version = "AccessVersion".version + 1;
  PERFORM set_config('teamgate.access_bumped', done || array_to_string(todo, ',') || ',', true);
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION access_version_changed() RETURNS trigger AS $$
DECLARE
  r RECORD := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
BEGIN
  CASE TG_TABLE_NAME
    WHEN 'Membership', 'RoleTemplate', 'Team' THEN
      PERFORM access_version_bump(ARRAY[r."tenantId"] || CASE WHEN TG_OP = 'UPDATE' THEN ARRAY[OLD."tenantId"] ELSE '{}' END);
    WHEN 'Tenant' THEN
      PERFORM access_version_bump(ARRAY[r.id]);
    WHEN 'MembershipPermission', 'TeamMember' THEN
      PERFORM access_version_bump(ARRAY(SELECT "tenantId" FROM "Membership" WHERE id IN (r."membershipId", CASE WHEN TG_OP = 'UPDATE' THEN OLD."membershipId" END)));
    WHEN 'RoleTemplatePermission' THEN
      PERFORM access_version_bump(ARRAY(SELECT "tenantId" FROM "RoleTemplate" WHERE id IN (r."roleTemplateId", CASE WHEN TG_OP = 'UPDATE' THEN OLD."roleTemplateId" END)));
    WHEN 'User' THEN
      PERFORM access_version_bump(ARRAY(SELECT "tenantId" FROM "Membership" WHERE "userId" = r.id));
    WHEN 'Plan' THEN
      PERFORM access_version_bump(ARRAY(SELECT id FROM "Tenant" WHERE "planId" = r.id));
  END CASE;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER "Membership_version" AFTER INSERT OR DELETE ON "Membership"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION access_version_changed();
CREATE CONSTRAINT TRIGGER "Membership_version_update" AFTER UPDATE ON "Membership"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (
    OLD."baseRole" IS DISTINCT FROM NEW."baseRole" OR OLD.status IS DISTINCT FROM NEW.status OR
    OLD."crmAccess" IS DISTINCT FROM NEW."crmAccess" OR OLD."roleTemplateId" IS DISTINCT FROM NEW."roleTemplateId" OR
    OLD."userId" IS DISTINCT FROM NEW."userId" OR OLD."tenantId" IS DISTINCT FROM NEW."tenantId" OR
    OLD.email IS DISTINCT FROM NEW.email OR OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION access_version_changed();
CREATE CONSTRAINT TRIGGER "MembershipPermission_version" AFTER INSERT OR UPDATE OR DELETE ON "MembershipPermission"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION access_version_changed();
CREATE CONSTRAINT TRIGGER "TeamMember_version" AFTER INSERT OR UPDATE OR DELETE ON "TeamMember"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION access_version_changed();
CREATE CONSTRAINT TRIGGER "RoleTemplate_version" AFTER INSERT OR DELETE ON "RoleTemplate"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION access_version_changed();
CREATE CONSTRAINT TRIGGER "RoleTemplate_version_update" AFTER UPDATE ON "RoleTemplate"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD."tenantId" IS DISTINCT FROM NEW."tenantId")
  EXECUTE FUNCTION access_version_changed();
CREATE CONSTRAINT TRIGGER "RoleTemplatePermission_version" AFTER INSERT OR UPDATE OR DELETE ON "RoleTemplatePermission"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION access_version_changed();
CREATE CONSTRAINT TRIGGER "Team_version" AFTER INSERT OR DELETE ON "Team"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION access_version_changed();
CREATE CONSTRAINT TRIGGER "Team_version_update" AFTER UPDATE ON "Team"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD."tenantId" IS DISTINCT FROM NEW."tenantId")
  EXECUTE FUNCTION access_version_changed();
CREATE CONSTRAINT TRIGGER "Tenant_version_update" AFTER UPDATE ON "Tenant"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (
    OLD.name IS DISTINCT FROM NEW.name OR OLD.slug IS DISTINCT FROM NEW.slug OR
    OLD."planId" IS DISTINCT FROM NEW."planId" OR OLD."requireTwoFactor" IS DISTINCT FROM NEW."requireTwoFactor")
  EXECUTE FUNCTION access_version_changed();
CREATE CONSTRAINT TRIGGER "User_version_update" AFTER UPDATE ON "User"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (
    OLD.email IS DISTINCT FROM NEW.email OR OLD.name IS DISTINCT FROM NEW.name OR
    OLD."totpEnabledAt" IS DISTINCT FROM NEW."totpEnabledAt")
  EXECUTE FUNCTION access_version_changed();
CREATE CONSTRAINT TRIGGER "Plan_version_update" AFTER UPDATE ON "Plan"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (
    OLD.name IS DISTINCT FROM NEW.name OR OLD."enabledModules" IS DISTINCT FROM NEW."enabledModules")
  EXECUTE FUNCTION access_version_changed();

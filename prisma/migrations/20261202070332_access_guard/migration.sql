-- AlterTable
ALTER TABLE "OutboxMail" ADD COLUMN     "membershipId" TEXT;

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "ip" TEXT,
    "userAgent" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessChange" (
    "seq" BIGSERIAL NOT NULL,
    "tbl" TEXT NOT NULL,
    "op" TEXT NOT NULL,
    "old" JSONB,
    "new" JSONB,

    CONSTRAINT "AccessChange_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tracking of the rows that decide access. While a transaction has set
-- `teamgate.track_access` to 'on' (the action gate does, with set_config(..., true)), every change
-- to them is copied into "AccessChange" with its old and new row; the gate reads and removes
-- those rows before it commits and refuses the change if anyone gained access its actor did not
-- hold (lib/authz/no-escalation.ts). Outside a tracked transaction the triggers do nothing.
CREATE FUNCTION access_change_log() RETURNS trigger AS $$
BEGIN
  IF current_setting('teamgate.track_access', true) IS DISTINCT FROM 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO "AccessChange" (tbl, op, old, new) VALUES (
    TG_TABLE_NAME,
    left(TG_OP, 1),
    CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) - 'passwordHash' END,
    CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) - 'passwordHash' END
  );
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Membership_access" AFTER INSERT OR DELETE ON "Membership"
  FOR EACH ROW EXECUTE FUNCTION access_change_log();
CREATE TRIGGER "Membership_access_update" AFTER UPDATE ON "Membership"
  FOR EACH ROW WHEN (
    OLD."baseRole" IS DISTINCT FROM NEW."baseRole" OR OLD.status IS DISTINCT FROM NEW.status OR
    OLD."crmAccess" IS DISTINCT FROM NEW."crmAccess" OR OLD."roleTemplateId" IS DISTINCT FROM NEW."roleTemplateId" OR
    OLD."userId" IS DISTINCT FROM NEW."userId" OR OLD."tenantId" IS DISTINCT FROM NEW."tenantId")
  EXECUTE FUNCTION access_change_log();
CREATE TRIGGER "MembershipPermission_access" AFTER INSERT OR UPDATE OR DELETE ON "MembershipPermission"
  FOR EACH ROW EXECUTE FUNCTION access_change_log();
CREATE TRIGGER "RoleTemplate_access" AFTER INSERT OR DELETE ON "RoleTemplate"
  FOR EACH ROW EXECUTE FUNCTION access_change_log();
CREATE TRIGGER "RoleTemplatePermission_access" AFTER INSERT OR UPDATE OR DELETE ON "RoleTemplatePermission"
  FOR EACH ROW EXECUTE FUNCTION access_change_log();
CREATE TRIGGER "Team_access" AFTER INSERT OR DELETE ON "Team"
  FOR EACH ROW EXECUTE FUNCTION access_change_log();
CREATE TRIGGER "TeamMember_access" AFTER INSERT OR UPDATE OR DELETE ON "TeamMember"
  FOR EACH ROW EXECUTE FUNCTION access_change_log();
CREATE TRIGGER "Invitation_access" AFTER INSERT OR DELETE ON "Invitation"
  FOR EACH ROW EXECUTE FUNCTION access_change_log();
CREATE TRIGGER "Invitation_access_update" AFTER UPDATE ON "Invitation"
  FOR EACH ROW WHEN (
    OLD."membershipId" IS DISTINCT FROM NEW."membershipId" OR OLD."tokenHash" IS DISTINCT FROM NEW."tokenHash" OR
    OLD."expiresAt" IS DISTINCT FROM NEW."expiresAt" OR OLD."acceptedAt" IS DISTINCT FROM NEW."acceptedAt" OR
    OLD."revokedAt" IS DISTINCT FROM NEW."revokedAt")
  EXECUTE FUNCTION access_change_log();
CREATE TRIGGER "User_access_update" AFTER UPDATE ON "User"
  FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email)
  EXECUTE FUNCTION access_change_log();
CREATE TRIGGER "Contact_access" AFTER INSERT OR DELETE ON "Contact"
  FOR EACH ROW EXECUTE FUNCTION access_change_log();
CREATE TRIGGER "Contact_access_update" AFTER UPDATE ON "Contact"
  FOR EACH ROW WHEN (
    OLD."ownerId" IS DISTINCT FROM NEW."ownerId" OR OLD."teamId" IS DISTINCT FROM NEW."teamId" OR
    OLD."tenantId" IS DISTINCT FROM NEW."tenantId")
  EXECUTE FUNCTION access_change_log();
CREATE TRIGGER "Tenant_access_update" AFTER UPDATE ON "Tenant"
  FOR EACH ROW WHEN (OLD."planId" IS DISTINCT FROM NEW."planId")
  EXECUTE FUNCTION access_change_log();

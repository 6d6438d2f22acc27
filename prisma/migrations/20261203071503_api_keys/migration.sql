-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "actorKeyId" TEXT;

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "permissions" TEXT[],
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_secretHash_key" ON "ApiKey"("secretHash");

-- CreateIndex
CREATE INDEX "ApiKey_tenantId_createdAt_id_idx" ON "ApiKey"("tenantId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "ApiKey_createdById_idx" ON "ApiKey"("createdById");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Membership"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- API keys decide access: the action gate tracks them like the other tables that do (migration
-- access_guard), so lib/authz/no-escalation.ts judges every key a change creates, changes or
-- revokes. lastUsedAt is not tracked (a request refreshes it outside any change).
CREATE TRIGGER "ApiKey_access" AFTER INSERT OR DELETE ON "ApiKey"
  FOR EACH ROW EXECUTE FUNCTION access_change_log();
CREATE TRIGGER "ApiKey_access_update" AFTER UPDATE ON "ApiKey"
  FOR EACH ROW WHEN (
    OLD."tenantId" IS DISTINCT FROM NEW."tenantId" OR OLD."secretHash" IS DISTINCT FROM NEW."secretHash" OR
    OLD.permissions IS DISTINCT FROM NEW.permissions OR OLD."createdById" IS DISTINCT FROM NEW."createdById" OR
    OLD."expiresAt" IS DISTINCT FROM NEW."expiresAt" OR OLD."revokedAt" IS DISTINCT FROM NEW."revokedAt")
  EXECUTE FUNCTION access_change_log();

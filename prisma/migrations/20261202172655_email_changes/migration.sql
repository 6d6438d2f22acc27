-- CreateTable
CREATE TABLE "EmailChange" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "membershipId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "oldEmail" TEXT NOT NULL,
    "newEmail" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "requestedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "EmailChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailChange_tokenHash_key" ON "EmailChange"("tokenHash");

-- CreateIndex
CREATE INDEX "EmailChange_membershipId_idx" ON "EmailChange"("membershipId");

-- CreateIndex
CREATE INDEX "EmailChange_userId_idx" ON "EmailChange"("userId");

-- AddForeignKey
ALTER TABLE "EmailChange" ADD CONSTRAINT "EmailChange_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailChange" ADD CONSTRAINT "EmailChange_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailChange" ADD CONSTRAINT "EmailChange_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A pending email change decides who may take over a member's sign-in address: its rows are
-- tracked like invitations (migration access_guard), so the action gate sees a request, a cancel
-- and a confirmation and judges them with the rules (lib/authz/no-escalation.ts).
CREATE TRIGGER "EmailChange_access" AFTER INSERT OR DELETE ON "EmailChange"
  FOR EACH ROW EXECUTE FUNCTION access_change_log();
CREATE TRIGGER "EmailChange_access_update" AFTER UPDATE ON "EmailChange"
  FOR EACH ROW WHEN (
    OLD."membershipId" IS DISTINCT FROM NEW."membershipId" OR OLD."userId" IS DISTINCT FROM NEW."userId" OR
    OLD."newEmail" IS DISTINCT FROM NEW."newEmail" OR OLD."tokenHash" IS DISTINCT FROM NEW."tokenHash" OR
    OLD."expiresAt" IS DISTINCT FROM NEW."expiresAt" OR OLD."usedAt" IS DISTINCT FROM NEW."usedAt" OR
    OLD."cancelledAt" IS DISTINCT FROM NEW."cancelledAt")
  EXECUTE FUNCTION access_change_log();

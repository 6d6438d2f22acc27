-- AlterTable
ALTER TABLE "OutboxMail" ADD COLUMN     "error" TEXT,
ADD COLUMN     "sentAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Membership_tenantId_createdAt_idx" ON "Membership"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "Membership_tenantId_lastLoginAt_idx" ON "Membership"("tenantId", "lastLoginAt");

-- CreateIndex
CREATE INDEX "OutboxMail_createdAt_idx" ON "OutboxMail"("createdAt");

-- AlterTable
ALTER TABLE "OutboxMail" ADD COLUMN     "tenantId" TEXT;

-- CreateIndex
CREATE INDEX "OutboxMail_tenantId_createdAt_idx" ON "OutboxMail"("tenantId", "createdAt");

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- Sessions started before: last seen when they started (the best known), and counted at the
-- user's current version: an open one is listed (a dead one of an older version may be listed
-- too, until ended; a live one is never hidden).
UPDATE "Session" SET "lastSeenAt" = "createdAt";
UPDATE "Session" s SET "version" = u."sessionVersion" FROM "User" u WHERE u.id = s."userId";

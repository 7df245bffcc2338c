-- AlterTable
ALTER TABLE "SyncAttempt" ADD COLUMN     "salesforceAnsweredAt" TIMESTAMP(3);


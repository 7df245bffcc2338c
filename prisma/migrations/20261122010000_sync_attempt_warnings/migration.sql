-- AlterTable
ALTER TABLE "SyncAttempt" ADD COLUMN     "warnings" JSONB;


-- Identity (issue 9): match existing Contacts / Person Accounts by email before creating (on by default).
ALTER TABLE "Shop" ADD COLUMN "matchExistingByEmail" BOOLEAN NOT NULL DEFAULT true;

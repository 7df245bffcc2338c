-- An org-level Salesforce failure (unreachable, 5xx on every call, expired refresh token, limits)
-- pauses the shop's sync, not its events: they wait without spending attempts until a probe succeeds.
ALTER TABLE "Shop" ADD COLUMN "syncOutageSince" TIMESTAMP(3);
ALTER TABLE "Shop" ADD COLUMN "syncOutageReason" TEXT;
ALTER TABLE "Shop" ADD COLUMN "syncOutageProbeAfter" TIMESTAMP(3);
ALTER TABLE "Shop" ADD COLUMN "syncOutageFailures" INTEGER NOT NULL DEFAULT 0;

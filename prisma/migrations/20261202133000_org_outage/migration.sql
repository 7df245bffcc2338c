-- An org-level Salesforce failure (unreachable, 5xx on every call, expired refresh token, limits)
-- pauses the sync of the shop, not its events, which wait without spending attempts until a probe succeeds.
ALTER TABLE "Shop" ADD COLUMN "syncOutageSince" TIMESTAMP(3);
ALTER TABLE "Shop" ADD COLUMN "syncOutageReason" TEXT;
ALTER TABLE "Shop" ADD COLUMN "syncOutageProbeAfter" TIMESTAMP(3);
ALTER TABLE "Shop" ADD COLUMN "syncOutageFailures" INTEGER NOT NULL DEFAULT 0;

-- A replay by the merchant re-sends the records of the event even when their content hash is unchanged
-- (someone edited or deleted them in Salesforce), and keeps doing so while the event is queued.
ALTER TABLE "WebhookEvent" ADD COLUMN "forceSend" BOOLEAN NOT NULL DEFAULT false;

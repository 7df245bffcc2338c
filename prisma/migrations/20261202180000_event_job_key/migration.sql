ALTER TABLE "WebhookEvent" ADD COLUMN "jobKey" TEXT;

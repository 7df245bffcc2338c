-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "redactionPolicy" TEXT NOT NULL DEFAULT 'anonymize';

-- AlterTable
ALTER TABLE "SalesforceOAuthState" ADD COLUMN     "browserBindingHash" TEXT;

-- AlterTable
ALTER TABLE "WebhookEvent" ADD COLUMN     "payloadScrubbedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ComplianceRequest" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "webhookEventId" TEXT NOT NULL,
    "subjectHash" TEXT,
    "policy" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "erased" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "ComplianceRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerDataExport" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "subjectHash" TEXT NOT NULL,
    "document" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerDataExport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ComplianceRequest_webhookEventId_key" ON "ComplianceRequest"("webhookEventId");

-- CreateIndex
CREATE INDEX "ComplianceRequest_shop_receivedAt_idx" ON "ComplianceRequest"("shop", "receivedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "CustomerDataExport_requestId_key" ON "CustomerDataExport"("requestId");

-- CreateIndex
CREATE INDEX "CustomerDataExport_shop_createdAt_idx" ON "CustomerDataExport"("shop", "createdAt" DESC);

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN,
    "locale" TEXT,
    "collaborator" BOOLEAN,
    "emailVerified" BOOLEAN,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'installed',
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "syncPausedAt" TIMESTAMP(3),
    "syncPauseReason" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "SalesforceConnection" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "loginUrl" TEXT NOT NULL,
    "instanceUrl" TEXT,
    "orgId" TEXT,
    "userId" TEXT,
    "username" TEXT,
    "accessTokenEncrypted" TEXT,
    "refreshTokenEncrypted" TEXT,
    "encryptionKeyId" TEXT,
    "apiVersion" TEXT NOT NULL DEFAULT '66.0',
    "status" TEXT NOT NULL DEFAULT 'disconnected',
    "statusMessage" TEXT,
    "lastHealthCheckAt" TIMESTAMP(3),
    "healthReport" JSONB,
    "describeCache" JSONB,
    "describeCachedAt" TIMESTAMP(3),
    "apiUsed" INTEGER,
    "apiLimit" INTEGER,
    "apiUsageSeenAt" TIMESTAMP(3),
    "apiReservePercent" INTEGER NOT NULL DEFAULT 20,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SalesforceConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MappingSet" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "document" JSONB NOT NULL,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdBy" TEXT,

    CONSTRAINT "MappingSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ValidationRule" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "field" TEXT,
    "expression" TEXT,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "action" TEXT NOT NULL DEFAULT 'block',
    "message" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ValidationRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "shopifyId" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "eventId" TEXT,
    "webhookId" TEXT NOT NULL,
    "triggeredAt" TIMESTAMP(3),
    "sourceUpdatedAt" TIMESTAMP(3),
    "apiVersion" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "payloadBytes" INTEGER NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'received',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastErrorCode" TEXT,
    "mappingVersion" INTEGER,
    "processedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncRecord" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "salesforceIds" JSONB NOT NULL DEFAULT '{}',
    "contentHashes" JSONB NOT NULL DEFAULT '{}',
    "sourceUpdatedAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'pending',
    "lastError" TEXT,
    "lastErrorCode" TEXT,
    "lastEventId" TEXT,
    "lastSyncedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncAttempt" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "batchId" TEXT,
    "attempt" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "apiCalls" INTEGER NOT NULL DEFAULT 0,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "salesforceIds" JSONB,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "durationMs" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "SyncAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "SalesforceConnection_shop_key" ON "SalesforceConnection"("shop");

-- CreateIndex
CREATE INDEX "MappingSet_shop_resource_isActive_idx" ON "MappingSet"("shop", "resource", "isActive");

-- CreateIndex
CREATE UNIQUE INDEX "MappingSet_shop_resource_version_key" ON "MappingSet"("shop", "resource", "version");

-- CreateIndex
CREATE INDEX "ValidationRule_shop_resource_enabled_idx" ON "ValidationRule"("shop", "resource", "enabled");

-- CreateIndex
CREATE INDEX "WebhookEvent_shop_receivedAt_id_idx" ON "WebhookEvent"("shop", "receivedAt" DESC, "id");

-- CreateIndex
CREATE INDEX "WebhookEvent_shop_status_receivedAt_idx" ON "WebhookEvent"("shop", "status", "receivedAt" DESC);

-- CreateIndex
CREATE INDEX "WebhookEvent_shop_resource_shopifyId_receivedAt_idx" ON "WebhookEvent"("shop", "resource", "shopifyId", "receivedAt");

-- CreateIndex
CREATE INDEX "WebhookEvent_status_receivedAt_idx" ON "WebhookEvent"("status", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_shop_topic_dedupeKey_key" ON "WebhookEvent"("shop", "topic", "dedupeKey");

-- CreateIndex
CREATE INDEX "SyncRecord_shop_status_updatedAt_idx" ON "SyncRecord"("shop", "status", "updatedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "SyncRecord_shop_resource_shopifyId_key" ON "SyncRecord"("shop", "resource", "shopifyId");

-- CreateIndex
CREATE INDEX "SyncAttempt_eventId_startedAt_idx" ON "SyncAttempt"("eventId", "startedAt");

-- CreateIndex
CREATE INDEX "SyncAttempt_shop_finishedAt_idx" ON "SyncAttempt"("shop", "finishedAt" DESC);


-- CreateTable
CREATE TABLE "ReverseSyncFieldMemory" (
    "shop" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "fieldKey" TEXT NOT NULL,
    "shopifyValue" TEXT,
    "salesforceValue" TEXT,
    "shopifyWrittenAt" TIMESTAMP(3),
    "hasPending" BOOLEAN NOT NULL DEFAULT false,
    "pendingValue" TEXT,
    "pendingAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReverseSyncFieldMemory_pkey" PRIMARY KEY ("shop","resource","shopifyId","fieldKey")
);

-- CreateTable
CREATE TABLE "ReverseSyncCursor" (
    "shop" TEXT NOT NULL,
    "object" TEXT NOT NULL,
    "watermark" TIMESTAMP(3),
    "lastPolledAt" TIMESTAMP(3),
    "lastError" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReverseSyncCursor_pkey" PRIMARY KEY ("shop","object")
);

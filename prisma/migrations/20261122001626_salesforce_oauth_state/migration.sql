-- AlterTable
ALTER TABLE "SalesforceConnection" ADD COLUMN     "connectedAt" TIMESTAMP(3),
ADD COLUMN     "tokenRefreshedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SalesforceOAuthState" (
    "nonce" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "loginUrl" TEXT NOT NULL,
    "codeVerifierEncrypted" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SalesforceOAuthState_pkey" PRIMARY KEY ("nonce")
);

-- CreateIndex
CREATE INDEX "SalesforceOAuthState_expiresAt_idx" ON "SalesforceOAuthState"("expiresAt");


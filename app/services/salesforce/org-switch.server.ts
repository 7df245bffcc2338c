import type { PrismaClient } from "@prisma/client";

export interface OrgSwitchResult {
  fromOrgId: string;
  toOrgId: string;
  /** SyncRecords whose Salesforce ids and content hashes were cleared. */
  records: number;
}

/**
 * A shop connected to another org (sandbox → production): the Salesforce ids and content hashes we hold
 * name records of the old org, so keeping them would treat every record as existing and never send it
 * to the new one. They are cleared (the records are sent again on their next event or a replay); the
 * events and their attempts stay, and each record's last event gets an attempt saying what happened.
 */
export async function resetForOrgSwitch(prisma: PrismaClient, shop: string, fromOrgId: string, toOrgId: string, at: Date): Promise<OrgSwitchResult> {
  return prisma.$transaction(async (tx) => {
    const message = `Salesforce org changed from ${fromOrgId} to ${toOrgId}: this record's Salesforce ids and content hashes were reset, so it is sent to the new org again.`;
    const attempts = await tx.$executeRaw`
      INSERT INTO "SyncAttempt" (id, shop, "eventId", attempt, outcome, "apiCalls", "errorCode", "errorMessage", "salesforceIds", "startedAt", "finishedAt")
      SELECT gen_random_uuid()::text, r.shop, r."lastEventId", 0, 'skipped', 0, 'ORG_SWITCHED', ${message}, r."salesforceIds", ${at}, ${at}
        FROM "SyncRecord" r
       WHERE r.shop = ${shop} AND r."lastEventId" IS NOT NULL AND r."salesforceIds" <> '{}'::jsonb`;
    const records = await tx.$executeRaw`
      UPDATE "SyncRecord" SET "salesforceIds" = '{}'::jsonb, "contentHashes" = '{}'::jsonb, "updatedAt" = ${at}
       WHERE shop = ${shop} AND ("salesforceIds" <> '{}'::jsonb OR "contentHashes" <> '{}'::jsonb)`;
    void attempts;
    return { fromOrgId, toOrgId, records };
  });
}

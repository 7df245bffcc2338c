import type { PrismaClient } from "@prisma/client";
import { DEFAULT_REDACTION_POLICY, isRedactionPolicy, type RedactionPolicy } from "../../sync/privacy/redaction-policy";

// What the admin pages show of privacy: the shop's redaction policy (Salesforce page), the compliance
// requests and the data-request exports to hand over (Activity page).

export interface ComplianceRequestView {
  id: string;
  topic: string;
  status: string;
  policy: string | null;
  receivedAt: string;
  completedAt: string | null;
  /** Salesforce records the admin must handle by hand (record-only policy). */
  recordedForAdmin: Array<{ object: string; id: string }>;
  exportId: string | null;
}

export function createPrivacyAdmin(prisma: PrismaClient) {
  return {
    async policy(shop: string): Promise<RedactionPolicy> {
      const row = await prisma.shop.findUnique({ where: { shop }, select: { redactionPolicy: true } });
      return isRedactionPolicy(row?.redactionPolicy) ? row.redactionPolicy : DEFAULT_REDACTION_POLICY;
    },
    async setPolicy(shop: string, policy: RedactionPolicy): Promise<void> {
      await prisma.shop.upsert({ where: { shop }, create: { shop, redactionPolicy: policy }, update: { redactionPolicy: policy } });
    },
    async requests(shop: string, take = 20): Promise<ComplianceRequestView[]> {
      const rows = await prisma.complianceRequest.findMany({ where: { shop }, orderBy: { receivedAt: "desc" }, take });
      const exports = await prisma.customerDataExport.findMany({ where: { shop, requestId: { in: rows.map((row) => row.id) } }, select: { id: true, requestId: true } });
      return rows.map((row) => {
        const salesforce = (row.erased as { salesforce?: { recordedForAdmin?: Array<{ object: string; id: string }> } } | null)?.salesforce;
        return {
          id: row.id,
          topic: row.topic,
          status: row.status,
          policy: row.policy,
          receivedAt: row.receivedAt.toISOString(),
          completedAt: row.completedAt?.toISOString() ?? null,
          recordedForAdmin: salesforce?.recordedForAdmin ?? [],
          exportId: exports.find((entry) => entry.requestId === row.id)?.id ?? null,
        };
      });
    },
    /** The export document, only to the shop it belongs to. */
    async exportDocument(shop: string, id: string): Promise<unknown | null> {
      const row = await prisma.customerDataExport.findFirst({ where: { id, shop }, select: { document: true } });
      return row?.document ?? null;
    },
  };
}

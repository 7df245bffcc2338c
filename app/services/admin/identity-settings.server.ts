import type { PrismaClient } from "@prisma/client";

// The Salesforce page's identity setting: whether the default mappings adopt the Contact / Person Account
// the org already holds with a customer's email before creating one (Shop.matchExistingByEmail, default on;
// the worker reads it with the shop's sync config).

export function createIdentitySettings(prisma: PrismaClient) {
  return {
    async matchExistingByEmail(shop: string): Promise<boolean> {
      const row = await prisma.shop.findUnique({ where: { shop }, select: { matchExistingByEmail: true } });
      return row?.matchExistingByEmail ?? true;
    },
    async setMatchExistingByEmail(shop: string, enabled: boolean): Promise<void> {
      await prisma.shop.upsert({ where: { shop }, create: { shop, matchExistingByEmail: enabled }, update: { matchExistingByEmail: enabled } });
    },
  };
}

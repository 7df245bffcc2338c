import type { PrismaClient } from "@prisma/client";
import { DEFAULT_MONEY_CURRENCY, isMoneyCurrency, type MoneyCurrency } from "../../sync/currency";

// The shop's money setting (Shop.moneyCurrency): in a multi-currency org, orders are written in the
// shop's currency (default) or in the currency the customer saw (docs/money-model.md, "Currencies").
export function createMoneyCurrencyAdmin(prisma: PrismaClient) {
  return {
    async get(shop: string): Promise<MoneyCurrency> {
      const row = await prisma.shop.findUnique({ where: { shop }, select: { moneyCurrency: true } });
      return isMoneyCurrency(row?.moneyCurrency) ? row.moneyCurrency : DEFAULT_MONEY_CURRENCY;
    },
    async set(shop: string, moneyCurrency: MoneyCurrency): Promise<void> {
      await prisma.shop.upsert({ where: { shop }, create: { shop, moneyCurrency }, update: { moneyCurrency } });
    },
  };
}

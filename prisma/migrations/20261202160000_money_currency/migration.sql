-- Multi-currency (issue 9): per shop, write order money in the shop's currency (default) or the presentment currency.
ALTER TABLE "Shop" ADD COLUMN "moneyCurrency" TEXT NOT NULL DEFAULT 'shop';

-- Initial reconciliation of two-way fields: a keyset pass (by record Id) over every record carrying our
-- external id, once per newly switched-on set of fields, bounded per poll.
ALTER TABLE "ReverseSyncCursor" ADD COLUMN "reconciledFields" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "ReverseSyncCursor" ADD COLUMN "reconcilingFields" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "ReverseSyncCursor" ADD COLUMN "reconcileAfterId" TEXT;

import type { Connection } from "jsforce";

/**
 * $context values the default order mappings need: the org's standard price book id (PricebookEntry and
 * Opportunity/Order reference it). One SOQL query per shop per process; the id never changes.
 */
export function standardPricebookContext(connections: { connectionFor(shop: string): Promise<Connection> }) {
  const cache = new Map<string, Promise<Record<string, string>>>();
  return (shop: string): Promise<Record<string, string>> => {
    let pending = cache.get(shop);
    if (!pending) {
      pending = connections.connectionFor(shop).then(async (connection): Promise<Record<string, string>> => {
        const result = await connection.query<{ Id: string }>("SELECT Id FROM Pricebook2 WHERE IsStandard = true LIMIT 1");
        return result.records[0] ? { standardPricebookId: result.records[0].Id } : {};
      });
      // A failure (org unreachable, not connected) is not cached: the next batch asks again.
      pending.catch(() => cache.delete(shop));
      cache.set(shop, pending);
    }
    return pending;
  };
}

import type { Connection } from "jsforce";
import { ACTIVE_CURRENCIES_CONTEXT, describedCurrencies, isMultiCurrencyOrg } from "../../sync/currency";
import type { SObjectDescribe } from "../../sync/sobject-describe";

/** What the mapping context needs from the shop's Salesforce side. */
export interface OrgContextSource {
  connectionFor(shop: string): Promise<Connection>;
  /** The connected org (SalesforceConnection.orgId): the cache key, so a switch of org drops the old values. */
  status(shop: string): Promise<{ orgId: string | null }>;
  describes(shop: string): Promise<Record<string, SObjectDescribe>>;
}

/** The org's standard price book id (PricebookEntry and Opportunity/Order reference it), if it has one. */
export async function queryStandardPricebookId(connection: Connection): Promise<Record<string, string>> {
  const result = await connection.query<{ Id: string }>("SELECT Id FROM Pricebook2 WHERE IsStandard = true LIMIT 1");
  return result.records[0] ? { standardPricebookId: result.records[0].Id } : {};
}

/**
 * Person-account orgs: Salesforce picks the kind of Account from its RecordTypeId, so a create without
 * the person record type lands on the default business type and its person fields are refused
 * (API guide, "Person Account Record Types"). The org's default person type is the one named
 * PersonAccount; an admin may add others, so the default wins and any active person type will do.
 */
export async function queryPersonAccountRecordTypeId(connection: Connection): Promise<Record<string, string>> {
  const result = await connection.query<{ Id: string; DeveloperName: string }>(
    "SELECT Id, DeveloperName FROM RecordType WHERE SobjectType = 'Account' AND IsPersonType = true AND IsActive = true ORDER BY CreatedDate",
  );
  const chosen = result.records.find((record) => record.DeveloperName === "PersonAccount") ?? result.records[0];
  return chosen ? { personAccountRecordTypeId: chosen.Id } : {};
}

/**
 * Multi-currency orgs: the active currencies (CurrencyType, "not available in single-currency
 * organizations"), so an order in a currency the org lacks is held with a clear message instead of
 * being refused by Salesforce. Comma-separated: the mapping context holds strings.
 */
export async function queryActiveCurrencies(connection: Connection): Promise<Record<string, string>> {
  const result = await connection.query<{ IsoCode: string }>("SELECT IsoCode FROM CurrencyType WHERE IsActive = true ORDER BY IsoCode");
  return { [ACTIVE_CURRENCIES_CONTEXT]: result.records.map((record) => record.IsoCode).join(",") };
}

const hasPersonAccounts = (describes: Record<string, SObjectDescribe>) => describes.Account?.fields.some((field) => field.name === "IsPersonAccount") ?? false;

/**
 * $context values the default mappings need ($context.standardPricebookId, $context.personAccountRecordTypeId),
 * read from the org once per org per process: cached under the shop's current org id, so reconnecting
 * the shop to another org (sandbox → production) reads them again instead of writing the old org's ids.
 */
export function orgMappingContext(source: OrgContextSource) {
  // Keyed by org and org shape: enabling person accounts (seen in the refreshed describes) reads again.
  const cache = new Map<string, { key: string; context: Promise<Record<string, string>> }>();
  const load = async (shop: string, personAccounts: boolean, multiCurrency: boolean): Promise<Record<string, string>> => {
    const connection = await source.connectionFor(shop);
    const parts = await Promise.all([
      queryStandardPricebookId(connection),
      personAccounts ? queryPersonAccountRecordTypeId(connection) : {},
      multiCurrency ? queryActiveCurrencies(connection) : {},
    ]);
    return Object.assign({}, ...parts) as Record<string, string>;
  };
  const resolve = async (shop: string): Promise<Record<string, string>> => {
    const [{ orgId }, describes] = await Promise.all([source.status(shop), source.describes(shop)]);
    const personAccounts = hasPersonAccounts(describes);
    const multiCurrency = isMultiCurrencyOrg(describes);
    // Currencies activated since (seen in describes the setup check refreshed) read CurrencyType again.
    const key = `${orgId ?? ""}:${personAccounts ? "person" : "business"}:${multiCurrency ? `currencies=${describedCurrencies(describes)}` : "one-currency"}`;
    const cached = cache.get(shop);
    if (cached && cached.key === key) return cached.context;
    const context = load(shop, personAccounts, multiCurrency);
    // A failure (org unreachable, not connected) is not cached: the next batch asks again.
    context.catch(() => {
      if (cache.get(shop)?.context === context) cache.delete(shop);
    });
    cache.set(shop, { key, context });
    return context;
  };
  return Object.assign(resolve, {
    /** Forgets a shop's org values (its org changed, or its describes were refreshed). */
    forget: (shop: string) => void cache.delete(shop),
  });
}

import type { MoneyBag } from "./order-money";
import type { PlannedRecord } from "./planned-record";
import type { SObjectDescribe } from "./sobject-describe";
import { makeViolation, type Violation } from "./violation";

// Currencies of the records we write (docs/money-model.md, "Currencies").
//
// A multi-currency org (Setup → Company Settings → Manage Currencies) has CurrencyIsoCode on every
// money object, a restricted picklist of its ACTIVE currencies; single-currency orgs have no such field
// (and no CurrencyType object). In a multi-currency org every money record states the order's currency,
// chosen per shop: the shop's currency (default) or the one the customer saw. A single-currency org
// always gets shop money: its amounts have one currency, and the shop's is the one it is set up for.

export const MONEY_CURRENCIES = ["shop", "presentment"] as const;
export type MoneyCurrency = (typeof MONEY_CURRENCIES)[number];
export const DEFAULT_MONEY_CURRENCY: MoneyCurrency = "shop";

export const isMoneyCurrency = (value: unknown): value is MoneyCurrency => typeof value === "string" && (MONEY_CURRENCIES as readonly string[]).includes(value);

/** The org has multi-currency on: its order objects carry CurrencyIsoCode. */
export function isMultiCurrencyOrg(describes: Readonly<Record<string, SObjectDescribe>>): boolean {
  return ["Opportunity", "Order", "Account"].some((object) => describes[object]?.fields.some((field) => field.name === "CurrencyIsoCode") ?? false);
}

/**
 * The active currencies the cached describes list (CurrencyIsoCode's picklist), for cache keys: the setup
 * check refreshes the describes, so activating a currency there also makes the org values be read again.
 */
export function describedCurrencies(describes: Readonly<Record<string, SObjectDescribe>>): string {
  for (const object of ["Opportunity", "Order", "Account"]) {
    const field = describes[object]?.fields.find((candidate) => candidate.name === "CurrencyIsoCode");
    if (field) return (field.picklistValues ?? []).filter((entry) => entry.active).map((entry) => entry.value).sort().join(",");
  }
  return "";
}

/** Which money of an order the default mappings write. */
export function moneyBagFor(setting: MoneyCurrency | undefined, multiCurrency: boolean): MoneyBag {
  return multiCurrency && setting === "presentment" ? "presentment_money" : "shop_money";
}

/** The default mappings' currency options for a shop: multi-currency from the org's describes, the bag from the setting. */
export function defaultMoneyOptions(config: { describes: Readonly<Record<string, SObjectDescribe>>; moneyCurrency?: MoneyCurrency }): { multiCurrency: boolean; moneyBag: MoneyBag } {
  const multiCurrency = isMultiCurrencyOrg(config.describes);
  return { multiCurrency, moneyBag: moneyBagFor(config.moneyCurrency, multiCurrency) };
}

/** `$context.activeCurrencies`: the org's active currencies (CurrencyType, IsActive), comma-separated. */
export const ACTIVE_CURRENCIES_CONTEXT = "activeCurrencies";

export function activeCurrenciesOf(context: Readonly<Record<string, unknown>>): string[] | null {
  const value = context[ACTIVE_CURRENCIES_CONTEXT];
  return typeof value === "string" ? value.split(",").filter((code) => code !== "") : null;
}

export const CURRENCY_NOT_ACTIVE = "CURRENCY_NOT_ACTIVE";

export function currencyNotActiveMessage(currency: string, active: readonly string[]): string {
  return (
    `This order is in ${currency}, which is not an active currency in your Salesforce org (active: ${active.join(", ") || "none"}). ` +
    `Activate ${currency} in Salesforce Setup → Company Settings → Manage Currencies, run the setup check, then replay this event.`
  );
}

/**
 * A record whose CurrencyIsoCode the org does not have would be refused by Salesforce
 * (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST); it is blocked here instead, naming the currency and where to
 * activate it. Without the org's currency list (single-currency org, or not read yet) nothing is checked.
 */
export function currencyViolations(records: readonly PlannedRecord[], context: Readonly<Record<string, unknown>>): Violation[] {
  const active = activeCurrenciesOf(context);
  if (!active) return [];
  const violations: Violation[] = [];
  for (const record of records) {
    const currency = record.fields.CurrencyIsoCode;
    if (typeof currency !== "string" || currency === "" || active.includes(currency)) continue;
    violations.push(
      makeViolation({
        field: `${record.object}.CurrencyIsoCode`,
        rule: "currency",
        code: CURRENCY_NOT_ACTIVE,
        message: currencyNotActiveMessage(currency, active),
        action: "block",
        recordKey: record.key,
      }),
    );
  }
  return violations;
}

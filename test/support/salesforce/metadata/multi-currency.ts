import type { DescribeField, DescribeSObject } from "./describe-types";
import { field, sobject, systemFields } from "./field-builder";

// A multi-currency org (Setup → Company Settings → Manage Currencies). Object Reference, CurrencyType:
// "Represents the currencies used by an organization for which the multicurrency feature is enabled …
// This object is not available in single-currency organizations"; IsoCode is a restricted picklist,
// IsActive "Inactive currency types do not appear in picklists". Every currency-bearing object gets
// CurrencyIsoCode, a restricted picklist of the ACTIVE currencies, defaulted on create to the corporate
// currency (PricebookEntry: "Create, Defaulted on create, Filter, Group, Restricted picklist, Sort" — no
// Update; OpportunityLineItem: "Defaulted on create, Filter, Restricted picklist" — it follows its price
// book entry).

export interface CurrencySetup {
  /** The corporate currency (IsCorporate), default for new records. */
  corporate: string;
  /** Active currencies (the corporate one is added when missing). */
  active: readonly string[];
  /** Currencies defined in Setup but not active: records in them are refused. */
  inactive?: readonly string[];
}

/** CurrencyIsoCode is writable on create and update unless the object says otherwise. */
const ACCESS: Record<string, { createable: boolean; updateable: boolean }> = {
  PricebookEntry: { createable: true, updateable: false },
  OpportunityLineItem: { createable: false, updateable: false },
  OrderItem: { createable: false, updateable: false },
};

/** Objects without a currency (Setup and identity objects). */
export const CURRENCYLESS_OBJECTS = new Set(["User", "RecordType", "CurrencyType"]);

export function activeCurrencies(setup: CurrencySetup): string[] {
  return [...new Set([setup.corporate, ...setup.active])];
}

/** Labelled like Salesforce's ("Account Currency", "Opportunity Currency"). */
export function currencyIsoCodeField(objectName: string, objectLabel: string, setup: CurrencySetup): DescribeField {
  const access = ACCESS[objectName] ?? { createable: true, updateable: true };
  return field({
    name: "CurrencyIsoCode",
    type: "picklist",
    label: `${objectLabel} Currency`,
    length: 3,
    nillable: false,
    defaultedOnCreate: true,
    restrictedPicklist: true,
    picklist: activeCurrencies(setup).map((code) => ({ value: code, default: code === setup.corporate })),
    ...access,
  });
}

export function currencyType(): DescribeSObject {
  const sys = systemFields("Currency Type");
  const setupOnly = { createable: false, updateable: false } as const;
  return sobject({
    name: "CurrencyType",
    label: "Currency Type",
    labelPlural: "Currency Types",
    keyPrefix: "02H",
    createable: false,
    fields: [
      sys.head[0],
      field({ name: "IsoCode", type: "picklist", label: "Currency ISO Code", length: 40, nillable: false, restrictedPicklist: true, ...setupOnly }),
      field({ name: "ConversionRate", type: "double", label: "Conversion Rate", precision: 18, scale: 6, nillable: false, ...setupOnly }),
      field({ name: "DecimalPlaces", type: "int", label: "Decimal Places", digits: 9, nillable: false, ...setupOnly }),
      field({ name: "IsActive", type: "boolean", label: "Active", nillable: false, defaultedOnCreate: true, ...setupOnly }),
      field({ name: "IsCorporate", type: "boolean", label: "Corporate Currency", nillable: false, defaultedOnCreate: true, ...setupOnly }),
      ...sys.audit,
    ],
  });
}

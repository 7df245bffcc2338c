import type { MappingDocument } from "../mapping-schema";
import { reverseObjects } from "./reverse-fields";

// Writing to Shopify needs write access scopes the one-way app never asked for. A shop installed before
// two-way sync granted only read_* scopes: Shopify answers every write with ACCESS_DENIED until the
// merchant approves the app's updated access (Shopify prompts for it the next time the app is opened,
// once the new scopes are deployed in shopify.app.toml).

export const REVERSE_WRITE_SCOPE = "write_customers";

/** Access scopes a document's Salesforce → Shopify rows need. */
export function requiredShopifyScopes(document: MappingDocument): string[] {
  return reverseObjects(document).length > 0 ? [REVERSE_WRITE_SCOPE] : [];
}

/** Shopify's scope list as granted (a write scope implies its read scope, as Shopify documents). */
export function parseGrantedScopes(scope: string | null | undefined): Set<string> {
  const granted = new Set<string>();
  for (const entry of (scope ?? "").split(",")) {
    const name = entry.trim();
    if (name === "") continue;
    granted.add(name);
    if (name.startsWith("write_")) granted.add(`read_${name.slice(6)}`);
  }
  return granted;
}

export function missingScopes(required: readonly string[], granted: ReadonlySet<string>): string[] {
  return required.filter((scope) => !granted.has(scope));
}

/** The merchant-facing explanation of missing scopes (the Mappings page and the poll's skip reason). */
export function missingScopesMessage(missing: readonly string[]): string {
  return (
    `Rows that write to Shopify need the ${missing.join(", ")} access scope${missing.length > 1 ? "s" : ""}, which this shop has not granted. ` +
    "Open the app from your Shopify admin and approve the updated access it asks for (or reinstall the app); until then nothing is written to Shopify."
  );
}

import { canonicalJson } from "./canonical-json";
import { sha256Hex } from "./sha256";

// A record whose content hash equals the stored one is already in Salesforce as we would write it:
// skipping it is the cheapest API call there is. The object and external id are part of the hash so a
// remapped target never matches an old hash by accident.
export function contentHash(input: { object: string; externalIdField: string; externalId: string; fields: Record<string, unknown> }): string {
  return sha256Hex(canonicalJson([input.object, input.externalIdField, input.externalId, input.fields]));
}

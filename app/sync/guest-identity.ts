import { isBlank, isPlainObject } from "./json-value";
import { idString } from "./normalize-ids";
import { sha256Hex } from "./sha256";

// Who bought an order, as the order mappings read it (`_buyer`): the order's customer when it has one,
// otherwise the guest who checked out, identified by their email. A guest is keyed by the normalised
// email (`guest:<sha-256 of the trimmed, lower-cased address>`), so every order from one address lands on
// one Contact (or person Account), and the key says nothing readable about the person. A guest without
// an email has no `_buyer`: the order syncs without one (docs/money-model.md, "Who bought it").

export const GUEST_KEY_PREFIX = "guest:";

/** Trimmed and lower-cased, as Salesforce compares email addresses; undefined when blank. */
export function normalizeGuestEmail(value: unknown): string | undefined {
  if (typeof value !== "string" || isBlank(value)) return undefined;
  return value.trim().toLowerCase();
}

export function guestKey(email: string): string {
  return `${GUEST_KEY_PREFIX}${sha256Hex(email)}`;
}

type Json = Record<string, unknown>;

const text = (value: unknown) => (typeof value === "string" && !isBlank(value) ? value.trim() : undefined);

/** First and last name from the billing address, else the shipping address (Shopify has no other name for a guest). */
function guestName(order: Json): { first_name?: string; last_name?: string } {
  for (const address of [order.billing_address, order.shipping_address]) {
    if (!isPlainObject(address)) continue;
    const first = text(address.first_name);
    const last = text(address.last_name);
    if (first !== undefined || last !== undefined) return { first_name: first, last_name: last };
  }
  return {};
}

/** The guest as a customer-shaped object (id, email, first_name, last_name, guest: true); undefined without an email. */
export function guestBuyer(order: Json): Json | undefined {
  const email = normalizeGuestEmail(order.email) ?? normalizeGuestEmail(order.contact_email);
  if (email === undefined) return undefined;
  return { id: guestKey(email), email, ...guestName(order), guest: true };
}

export function hasCustomer(order: Json): boolean {
  return isPlainObject(order.customer) && idString(order.customer.id) !== undefined;
}

/** The payload with `_buyer` added (order payloads only; an existing `_buyer` is left alone). */
export function withBuyer(root: unknown): unknown {
  if (!isPlainObject(root) || root._buyer !== undefined) return root;
  const buyer = hasCustomer(root) ? (root.customer as Json) : guestBuyer(root);
  return buyer === undefined ? root : { ...root, _buyer: buyer };
}

/** 1…buckets, stable for a key: spreads email-less guest orders over the shared guest Accounts. */
export function guestBucket(key: string, buckets: number): number {
  return (Number.parseInt(sha256Hex(key).slice(0, 8), 16) % buckets) + 1;
}

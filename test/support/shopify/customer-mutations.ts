import { GraphQLError } from "graphql";
import { toShopifyJson } from "../shopify-stream";
import { webhookHeaders } from "../shopify-webhooks";
import type { EmulatedShop } from "./shop";

// customerUpdate, metafieldsSet, metafieldsDelete, tagsAdd, tagsRemove as Shopify's Admin GraphQL API answers them:
// validation problems are userErrors (HTTP 200, data present), never GraphQL errors; a change to the
// customer moves its updated_at and sends a signed customers/update webhook with the REST-shaped customer.
// Metafield writes do not send customers/update (Shopify has separate metafield webhooks), so the app
// must not count on one.

type Json = Record<string, unknown>;
interface UserError { field: string[] | null; message: string }
interface MetafieldsSetUserError extends UserError { code: string; elementIndex: number | null }

/** The emulated app's API client id: `$app:x` namespaces resolve to `app--{id}--x` as on Shopify. */
export const EMULATED_APP_ID = "8675309";

export function resolveNamespace(namespace: string | null | undefined): string {
  const value = namespace ?? "$app";
  if (value === "$app") return `app--${EMULATED_APP_ID}`;
  if (value.startsWith("$app:")) return `app--${EMULATED_APP_ID}--${value.slice(5)}`;
  return value;
}

interface StoredMetafield { id: string; namespace: string; key: string; type: string; value: string; updatedAt: string; ownerId: string }

const METAFIELDS = Symbol("metafields");
type WithMetafields = Json & { [METAFIELDS]?: Map<string, StoredMetafield> };

/** Metafields live beside the customer, invisible to JSON.stringify (webhook bodies carry none). */
export function customerMetafields(customer: Json): Map<string, StoredMetafield> {
  const holder = customer as WithMetafields;
  if (!holder[METAFIELDS]) Object.defineProperty(holder, METAFIELDS, { value: new Map<string, StoredMetafield>(), enumerable: false });
  return holder[METAFIELDS] as Map<string, StoredMetafield>;
}

export function metafieldObject(customer: Json, args: { namespace?: string | null; key: string }) {
  const found = customerMetafields(customer).get(`${resolveNamespace(args.namespace)}.${args.key}`);
  return found ? { ...found, compareDigest: found.updatedAt } : null;
}

const pending = new WeakMap<EmulatedShop, Set<Promise<void>>>();

/** Waits for every customers/update delivery started so far (tests). */
export async function flushCustomerWebhooks(shop: EmulatedShop): Promise<void> {
  const set = pending.get(shop);
  while (set && set.size > 0) await Promise.all([...set]);
}

/** Counts of successful mutations by name (tests compare writes with real changes). */
export const mutationCounts = new WeakMap<EmulatedShop, Record<string, number>>();

function counted(shop: EmulatedShop, name: string): void {
  const counts = mutationCounts.get(shop) ?? {};
  counts[name] = (counts[name] ?? 0) + 1;
  mutationCounts.set(shop, counts);
}

function touch(shop: EmulatedShop, customer: Json): void {
  customer.updated_at = new Date(shop.clock()).toISOString();
  // Ids travel as bare JSON numbers, as Shopify sends them (above 2^53 too).
  const body = toShopifyJson(customer);
  const set = pending.get(shop) ?? new Set<Promise<void>>();
  pending.set(shop, set);
  for (const subscription of shop.webhooks.filter((w) => w.topic === "customers/update")) {
    const delivery = globalThis
      .fetch(subscription.url, { method: "POST", headers: webhookHeaders({ topic: "customers/update", body, secret: subscription.secret, shop: shop.domain }), body })
      .then(async (response) => {
        await response.arrayBuffer();
      })
      .catch(() => undefined)
      .finally(() => set.delete(delivery));
    set.add(delivery);
  }
}

function requireWrite(shop: EmulatedShop, field: string): void {
  if (!shop.scopes.has("write_customers")) {
    throw new GraphQLError(`Access denied for ${field} field. Required access: \`write_customers\` access scope.`, {
      extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: "`write_customers` access scope." },
    });
  }
}

function customerById(shop: EmulatedShop, id: string): Json | undefined {
  const match = /^gid:\/\/shopify\/Customer\/(\d+)$/.exec(id);
  return match ? shop.customers.get(match[1]) : undefined;
}

function splitTags(input: string[] | string): string[] {
  const list = Array.isArray(input) ? input.flatMap((tag) => tag.split(",")) : input.split(",");
  return list.map((tag) => tag.trim()).filter((tag) => tag !== "");
}

function tagList(customer: Json): string[] {
  return typeof customer.tags === "string" ? splitTags(customer.tags) : [];
}

// Shopify stores phone numbers in E.164; a number it cannot read is "Phone is invalid".
function normalizePhone(phone: string): string | null {
  const digits = phone.replace(/[\s().-]/g, "");
  return /^\+[1-9]\d{6,14}$/.test(digits) ? digits : null;
}

const NAME_LIMIT = 255;

export function customerMutationResolvers(shop: EmulatedShop) {
  return {
    customerUpdate: (args: { input: Json }) => {
      requireWrite(shop, "customerUpdate");
      const input = args.input;
      const customer = typeof input.id === "string" ? customerById(shop, input.id) : undefined;
      if (!customer) return { customer: null, userErrors: [{ field: ["id"], message: "Customer does not exist" }] };
      const errors: UserError[] = [];
      const changes: Json = {};
      for (const [key, rest] of [["firstName", "first_name"], ["lastName", "last_name"]] as const) {
        if (!(key in input)) continue;
        const value = input[key] as string | null;
        if (value !== null && value.length > NAME_LIMIT) errors.push({ field: [key], message: `${key === "firstName" ? "First" : "Last"} name is too long (maximum is ${NAME_LIMIT} characters)` });
        else changes[rest] = value;
      }
      if ("note" in input) changes.note = input.note;
      if ("phone" in input) {
        const phone = input.phone as string | null;
        if (phone === null || phone === "") changes.phone = null;
        else {
          const normalized = normalizePhone(phone);
          const taken = normalized && [...shop.customers.values()].some((other) => other !== customer && other.phone === normalized);
          if (!normalized) errors.push({ field: ["phone"], message: "Phone is invalid" });
          else if (taken) errors.push({ field: ["phone"], message: "Phone has already been taken" });
          else changes.phone = normalized;
        }
      }
      if ("tags" in input) changes.tags = splitTags((input.tags as string[] | null) ?? []).join(", ");
      if (errors.length > 0) return { customer: null, userErrors: errors };
      const changed = Object.entries(changes).some(([key, value]) => (customer[key] ?? null) !== value);
      Object.assign(customer, changes);
      counted(shop, "customerUpdate");
      if (changed) touch(shop, customer);
      return { customer: shop.findNode(String(input.id)), userErrors: [] };
    },

    tagsAdd: (args: { id: string; tags: string[] }) => tagsChange(shop, args, "add"),
    tagsRemove: (args: { id: string; tags: string[] }) => tagsChange(shop, args, "remove"),

    // Shopify: "If a specified metafield doesn't exist, then the mutation still succeeds but returns null
    // for that identifier"; at least one identifier must be given.
    metafieldsDelete: (args: { metafields: Array<{ ownerId: string; namespace: string; key: string }> }) => {
      requireWrite(shop, "metafieldsDelete");
      if (args.metafields.length === 0) return { deletedMetafields: null, userErrors: [{ field: ["metafields"], message: "At least one metafield identifier must be specified." }] };
      const unknownOwner = args.metafields.findIndex((input) => !customerById(shop, input.ownerId));
      if (unknownOwner >= 0) return { deletedMetafields: null, userErrors: [{ field: ["metafields", String(unknownOwner), "ownerId"], message: "Owner does not exist." }] };
      const deleted = args.metafields.map((input) => {
        const stored = customerMetafields(customerById(shop, input.ownerId) as Json);
        const key = `${resolveNamespace(input.namespace)}.${input.key}`;
        if (!stored.delete(key)) return null;
        return { ownerId: input.ownerId, namespace: resolveNamespace(input.namespace), key: input.key };
      });
      counted(shop, "metafieldsDelete");
      return { deletedMetafields: deleted, userErrors: [] };
    },

    // Shopify: "The customer must have an email address to update their consent"; only SUBSCRIBED,
    // UNSUBSCRIBED and PENDING are accepted as input.
    customerEmailMarketingConsentUpdate: (args: { input: { customerId: string; emailMarketingConsent: { marketingState: string; marketingOptInLevel?: string | null; consentUpdatedAt?: string | null } } }) => {
      requireWrite(shop, "customerEmailMarketingConsentUpdate");
      const customer = customerById(shop, args.input.customerId);
      if (!customer) return { customer: null, userErrors: [{ field: ["input", "customerId"], message: "Customer not found", code: "INVALID" }] };
      const consent = args.input.emailMarketingConsent;
      if (!["SUBSCRIBED", "UNSUBSCRIBED", "PENDING"].includes(consent.marketingState)) {
        return { customer: null, userErrors: [{ field: ["input", "emailMarketingConsent", "marketingState"], message: "Marketing state is not included in the list", code: "INCLUSION" }] };
      }
      if (!customer.email) return { customer: null, userErrors: [{ field: ["input", "customerId"], message: "Customer must have an email address", code: "INVALID" }] };
      const previous = (customer.email_marketing_consent as Json | null | undefined)?.state ?? null;
      const state = consent.marketingState.toLowerCase();
      customer.email_marketing_consent = { state, opt_in_level: (consent.marketingOptInLevel ?? "single_opt_in").toLowerCase(), consent_updated_at: consent.consentUpdatedAt ?? new Date(shop.clock()).toISOString() };
      counted(shop, "customerEmailMarketingConsentUpdate");
      if (previous !== state) touch(shop, customer);
      return { customer: shop.findNode(args.input.customerId), userErrors: [] };
    },

    metafieldsSet: (args: { metafields: Json[] }) => {
      requireWrite(shop, "metafieldsSet");
      const errors: MetafieldsSetUserError[] = [];
      if (args.metafields.length > 25) {
        return { metafields: null, userErrors: [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }] };
      }
      const planned: Array<{ customer: Json; metafield: StoredMetafield }> = [];
      args.metafields.forEach((input, index) => {
        const at = (field: string) => ["metafields", String(index), field];
        const customer = customerById(shop, String(input.ownerId));
        if (!customer) return errors.push({ field: at("ownerId"), message: "Owner does not exist.", code: "INVALID", elementIndex: index });
        const namespace = resolveNamespace(input.namespace as string | null);
        const key = String(input.key);
        const value = String(input.value);
        const existing = customerMetafields(customer).get(`${namespace}.${key}`);
        const type = (input.type as string | null) ?? existing?.type;
        if (!type) return errors.push({ field: at("type"), message: "Type can't be blank.", code: "BLANK", elementIndex: index });
        if (key.length < 2 || key.length > 64) return errors.push({ field: at("key"), message: "Key is too short or too long (2–64 characters).", code: "INVALID", elementIndex: index });
        if (value === "") return errors.push({ field: at("value"), message: "Value can't be blank.", code: "BLANK", elementIndex: index });
        const problem = valueProblem(type, value);
        if (problem) return errors.push({ field: at("value"), message: problem, code: "INVALID_VALUE", elementIndex: index });
        const id = existing?.id ?? `gid://shopify/Metafield/${9_007_199_254_741_000n + BigInt(shop.customers.size * 100 + customerMetafields(customer).size)}`;
        planned.push({ customer, metafield: { id, namespace, key, type, value, updatedAt: new Date(shop.clock()).toISOString(), ownerId: String(input.ownerId) } });
      });
      // Atomic: one invalid metafield writes none of them.
      if (errors.length > 0) return { metafields: [], userErrors: errors };
      for (const { customer, metafield } of planned) customerMetafields(customer).set(`${metafield.namespace}.${metafield.key}`, metafield);
      counted(shop, "metafieldsSet");
      return { metafields: planned.map(({ metafield }) => ({ ...metafield, compareDigest: metafield.updatedAt })), userErrors: [] };
    },
  };
}

function tagsChange(shop: EmulatedShop, args: { id: string; tags: string[] }, mode: "add" | "remove") {
  requireWrite(shop, mode === "add" ? "tagsAdd" : "tagsRemove");
  const customer = customerById(shop, args.id);
  if (!customer) return { node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] };
  const given = splitTags(args.tags);
  const tooLong = given.find((tag) => tag.length > 255);
  if (tooLong) return { node: null, userErrors: [{ field: ["tags"], message: `Tag '${tooLong.slice(0, 20)}...' is too long (maximum is 255 characters)` }] };
  const current = tagList(customer);
  const lower = new Set(current.map((tag) => tag.toLowerCase()));
  const givenLower = new Set(given.map((tag) => tag.toLowerCase()));
  const next = mode === "add" ? [...current, ...given.filter((tag) => !lower.has(tag.toLowerCase()))] : current.filter((tag) => !givenLower.has(tag.toLowerCase()));
  const changed = next.length !== current.length;
  customer.tags = next.join(", ");
  counted(shop, mode === "add" ? "tagsAdd" : "tagsRemove");
  if (changed) touch(shop, customer);
  return { node: shop.findNode(args.id), userErrors: [] };
}

function valueProblem(type: string, value: string): string | null {
  switch (type) {
    case "single_line_text_field":
      return value.includes("\n") ? "Value must be a single line text string." : null;
    case "multi_line_text_field":
      return null;
    case "number_integer":
      return /^[-+]?\d+$/.test(value) ? null : "Value must be an integer.";
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "url":
      return /^(https?|mailto|sms|tel):\S+$/i.test(value) ? null : "Value must be a valid URL.";
    default:
      return `Type '${type}' is not a valid metafield type.`;
  }
}

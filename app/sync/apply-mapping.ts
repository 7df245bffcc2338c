import type { CompiledMapping, CompiledTarget, Evaluator } from "./compile-mapping";
import { guestBucket, hasCustomer, withBuyer } from "./guest-identity";
import { describeJsonataError } from "./jsonata-syntax";
import { isBlank, isPlainObject } from "./json-value";
import type { GuestCheckoutPolicy, Ownership } from "./mapping-schema";
import { idString, normalizeIds } from "./normalize-ids";
import { withOrderMoney } from "./order-money";
import type { ParentReference, PlannedRecord } from "./planned-record";
import { parseSourcePath, resolvePath, type EvaluationScope } from "./source-path";
import { resourceNoun } from "./sync-resource";
import { applyTransforms } from "./transforms";
import { makeViolation, type Violation } from "./violation";

/** Runtime values a mapping may read as `$context.name`, e.g. the org's standard price book id. */
export type MappingContext = Readonly<Record<string, unknown>>;

export interface MappingOutput {
  records: PlannedRecord[];
  violations: Violation[];
}

interface TargetOutput {
  single?: PlannedRecord;
  byIndex: Map<number, PlannedRecord>;
  all: PlannedRecord[];
}

/**
 * Evaluates a compiled mapping against one Shopify payload. Output is deterministic: records in
 * dependency order (forEach elements in payload order), fields in mapping order, ids as strings.
 * Problems become violations on the record (or the target, when no record could be built).
 */
export async function applyMapping(mapping: CompiledMapping, payload: unknown, context: MappingContext = {}): Promise<MappingOutput> {
  const normalized = normalizeIds(payload);
  // Order mappings read exact money figures as `_money.<bag>.*` (order-money.ts).
  // and who bought it as `_buyer` (the customer, or a guest keyed by email: guest-identity.ts).
  const root = mapping.document.resource === "order" ? withBuyer(withOrderMoney(normalized)) : normalized;
  const noun = resourceNoun(mapping.document.resource);
  const violations: Violation[] = [];
  const produced = new Map<string, TargetOutput>();
  const guestPolicy = guestCheckoutPolicy(mapping, root);

  for (const target of mapping.targets) {
    const output: TargetOutput = { byIndex: new Map(), all: [] };
    produced.set(target.def.key, output);
    if (guestPolicy && guestPolicy.target === target.def.key) {
      if (guestPolicy.action === "attach-to-guest-account") {
        output.single = guestRecord(target, guestPolicy, root);
        output.all.push(output.single);
      }
      continue;
    }
    if (target.forEach) {
      const items = asArray(resolvePath(target.forEach, { root, context }));
      for (let index = 0; index < items.length; index += 1) {
        const record = await planRecord(target, { root, item: items[index], index, context }, produced, mapping, noun, violations);
        if (record) {
          output.byIndex.set(index, record);
          output.all.push(record);
        }
      }
    } else {
      const record = await planRecord(target, { root, context }, produced, mapping, noun, violations);
      if (record) {
        output.single = record;
        output.all.push(record);
      }
    }
  }

  // The same product on two lines yields the same Product2 twice: keep the first, send it once.
  const records: PlannedRecord[] = [];
  const seen = new Set<string>();
  for (const target of mapping.targets) {
    for (const record of produced.get(target.def.key)?.all ?? []) {
      if (seen.has(record.key)) continue;
      seen.add(record.key);
      records.push(record);
    }
  }
  return { records, violations };
}

/** The policy that applies to this order: none for a customer's order, nor for a guest who is their own buyer. */
function guestCheckoutPolicy(mapping: CompiledMapping, root: unknown): GuestCheckoutPolicy | undefined {
  const policy = mapping.document.policies.guestCheckout;
  if (!policy || mapping.document.resource !== "order" || !isPlainObject(root) || hasCustomer(root)) return undefined;
  if (policy.action !== "account-per-guest") return policy;
  return root._buyer !== undefined ? undefined : { ...policy, action: policy.withoutEmail };
}

function guestRecord(target: CompiledTarget, policy: GuestCheckoutPolicy, root: unknown): PlannedRecord {
  const fields: Record<string, unknown> = { ...policy.fields };
  let externalId = policy.externalId;
  if (policy.buckets > 1) {
    const bucket = guestBucket(isPlainObject(root) ? idString(root.id) ?? "" : "", policy.buckets);
    externalId = `${policy.externalId}-${bucket}`;
    if (typeof fields.Name === "string") fields.Name = `${fields.Name} ${bucket}`;
  }
  const ownership: Record<string, Ownership> = {};
  // The guest Account is created once and then left to the CRM.
  for (const name of Object.keys(fields)) ownership[name] = "create-only";
  return {
    key: target.def.key,
    target: target.def.key,
    object: target.def.object,
    externalIdField: target.def.externalIdField,
    externalId,
    fields,
    ownership,
    dependsOn: [],
    references: [],
    shared: true,
    autoTruncate: [],
    matchKeys: [],
    sources: {},
  };
}

async function planRecord(
  target: CompiledTarget,
  scope: EvaluationScope,
  produced: Map<string, TargetOutput>,
  mapping: CompiledMapping,
  noun: string,
  violations: Violation[],
): Promise<PlannedRecord | undefined> {
  const def = target.def;
  const elementLabel = scope.index !== undefined ? `${def.object} (${def.forEach} #${scope.index + 1})` : def.object;

  if (target.when) {
    const when = await evaluate(target.when, scope);
    if (!when.ok) {
      violations.push(mappingViolation(def.object, "when", def.key, `${elementLabel}: the "when" condition failed: ${when.error}`));
      return undefined;
    }
    if (!when.value) return undefined;
  }

  const externalIdResult = await evaluate(target.externalId, scope);
  const externalId = externalIdResult.ok ? idString(externalIdResult.value) : undefined;
  if (externalId === undefined) {
    const from = def.externalIdSource !== undefined ? `"${def.externalIdSource}"` : "its expression";
    const why = externalIdResult.ok ? `which is empty in this ${noun}` : `which failed: ${externalIdResult.error}`;
    violations.push(
      mappingViolation(`${def.object}.${def.externalIdField}`, "external-id", def.key, `${elementLabel} has no external id: ${def.externalIdField} comes from ${from}, ${why}.`),
    );
    return undefined;
  }

  const key = def.forEach !== undefined ? `${def.key}:${externalId}` : def.key;
  const fields: Record<string, unknown> = {};
  const ownership: Record<string, Ownership> = {};
  const dependsOn = new Set<string>();
  const references: ParentReference[] = [];

  for (const reference of target.references) {
    const ref = reference.def;
    let parentObject: string;
    let parentField: string;
    let parentId: string | undefined;
    if (ref.target !== undefined) {
      const parentOutput = produced.get(ref.target);
      const parent = scope.index !== undefined && parentOutput?.byIndex.size ? parentOutput.byIndex.get(scope.index) : parentOutput?.single;
      if (!parent) {
        // The parent was left out on purpose (its "when", a guest policy) or reported already.
        if (ref.required) return undefined;
        continue;
      }
      parentObject = parent.object;
      parentField = parent.externalIdField;
      parentId = parent.externalId;
      dependsOn.add(parent.key);
    } else {
      const computed = reference.externalId ? await evaluate(reference.externalId, scope) : { ok: true as const, value: undefined };
      parentObject = ref.object ?? "";
      parentField = ref.externalIdField ?? "";
      parentId = computed.ok ? idString(computed.value) : undefined;
      if (parentId === undefined) {
        if (!ref.required) continue;
        const from = ref.source !== undefined ? `"${ref.source}"` : "its expression";
        violations.push(
          mappingViolation(`${def.object}.${ref.relationshipName}`, "reference", key, `${elementLabel} needs its ${ref.object} (${ref.externalIdField} from ${from}) but this ${noun} has none.`),
        );
        return undefined;
      }
    }
    fields[ref.relationshipName] = { [parentField]: parentId };
    references.push({ relationshipName: ref.relationshipName, object: parentObject, externalIdField: parentField, externalId: parentId });
    ownership[ref.relationshipName] = ref.ownership;
  }

  for (const parentKey of def.dependsOn) {
    const parentOutput = produced.get(parentKey);
    if (!parentOutput) continue;
    const sameElement = scope.index !== undefined && parentOutput.byIndex.size > 0 && mapping.targets.find((t) => t.def.key === parentKey)?.def.forEach === def.forEach;
    const parents = sameElement ? [parentOutput.byIndex.get(scope.index as number)] : parentOutput.all;
    for (const parent of parents) if (parent) dependsOn.add(parent.key);
  }

  const autoTruncate: string[] = [];
  const skipIfMissing: string[] = [];
  const sources: Record<string, string> = {};
  for (const field of target.fields) {
    const name = field.def.target;
    const label = `${def.object}.${name}`;
    const raw = await evaluate(field.evaluate, scope);
    if (!raw.ok) {
      violations.push(mappingViolation(label, "expression", key, `${label} could not be computed: ${raw.error}`));
      continue;
    }
    const transformed = applyTransforms(raw.value, field.def.transforms, {
      resolve: (path) => {
        const parsed = parseSourcePath(path);
        return parsed.ok ? resolvePath(parsed.value, scope) : undefined;
      },
    });
    if (!transformed.ok) {
      const from = field.def.source !== undefined ? ` (from ${field.def.source})` : "";
      violations.push(mappingViolation(label, "transform", key, `${label}${from}: ${transformed.error}.`));
      continue;
    }
    // Known even when empty, so a "required" message can say where the value should have come from.
    if (field.def.source !== undefined) sources[name] = field.def.source;
    if (transformed.value === undefined) continue;
    fields[name] = transformed.value;
    ownership[name] = field.def.ownership;
    if (field.def.transforms.some((t) => t.kind === "truncate" && t.length === "describe")) autoTruncate.push(name);
    if (field.def.skipIfMissing) skipIfMissing.push(name);
  }

  const cancelled = mapping.document.policies.cancelledOrders;
  if (cancelled?.action === "close-lost" && cancelled.target === def.key && isPlainObject(scope.root) && !isBlank(scope.root.cancelled_at)) {
    // A cancelled order is lost whatever its payment status says (it may still read "paid" until refunded).
    fields[cancelled.field] = cancelled.value;
    ownership[cancelled.field] = ownership[cancelled.field] ?? "always";
  }

  return {
    key,
    target: def.key,
    object: def.object,
    externalIdField: def.externalIdField,
    externalId,
    fields,
    ownership,
    dependsOn: [...dependsOn],
    references,
    shared: def.shared,
    autoTruncate,
    ...(skipIfMissing.length > 0 ? { skipIfMissing } : {}),
    matchKeys: [...def.matchKeys],
    sources,
  };
}

async function evaluate(evaluator: Evaluator, scope: EvaluationScope): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await evaluator(scope) };
  } catch (error) {
    return { ok: false, error: describeJsonataError(error) };
  }
}

function mappingViolation(field: string, step: string, recordKey: string, message: string): Violation {
  return makeViolation({ field, rule: `mapping:${step}`, message, action: "block", recordKey });
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}


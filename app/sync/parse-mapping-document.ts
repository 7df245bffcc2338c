import { formatIssuePath, type DocumentIssue } from "./issue-path";
import { compileJsonata } from "./jsonata-syntax";
import { mappingDocumentSchema, type MappingDocument, type TargetDefinition } from "./mapping-schema";
import { err, ok, type Result } from "./result";
import { checkReverseFields } from "./reverse/reverse-fields";
import { parseSourcePath } from "./source-path";

/**
 * Validates a stored or edited mapping document: shape (zod), then everything that spans several
 * parts (unique keys, references, dependency cycles, paths, JSONata syntax, policies). Every problem is
 * reported with its path in the document, all at once, so the mapping screen can mark each one.
 */
export function parseMappingDocument(input: unknown): Result<MappingDocument, DocumentIssue[]> {
  const parsed = mappingDocumentSchema.safeParse(input);
  if (!parsed.success) {
    return err(parsed.error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message })));
  }
  const issues = [...checkDocument(parsed.data), ...checkReverseFields(parsed.data)];
  return issues.length > 0 ? err(issues) : ok(parsed.data);
}

function checkDocument(document: MappingDocument): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  const add = (path: PropertyKey[], message: string) => issues.push({ path: formatIssuePath(path), message });
  const byKey = new Map<string, { target: TargetDefinition; index: number }>();

  document.targets.forEach((target, index) => {
    const other = byKey.get(target.key);
    if (other) add(["targets", index, "key"], `duplicate key "${target.key}" (also used by targets[${other.index}])`);
    else byKey.set(target.key, { target, index });
  });

  document.targets.forEach((target, index) => {
    const at = (...rest: PropertyKey[]) => ["targets", index, ...rest];
    const checkPath = (path: PropertyKey[], text: string) => {
      const result = parseSourcePath(text);
      if (!result.ok) add(path, result.error);
      else if (result.value.scope === "item" && target.forEach === undefined) add(path, `$item is only available in a target with "forEach"`);
    };
    const checkExpression = (path: PropertyKey[], text: string) => {
      const compiled = compileJsonata(text);
      if (!compiled.ok) add(path, compiled.error);
    };

    if (target.externalIdSource !== undefined) checkPath(at("externalIdSource"), target.externalIdSource);
    if (target.externalIdExpression !== undefined) checkExpression(at("externalIdExpression"), target.externalIdExpression);
    if (target.when !== undefined) checkExpression(at("when"), target.when);
    if (target.forEach !== undefined) {
      const forEach = parseSourcePath(target.forEach);
      if (!forEach.ok) add(at("forEach"), forEach.error);
      else if (forEach.value.scope !== "root") add(at("forEach"), "must be a path in the Shopify payload, e.g. line_items");
    }

    target.dependsOn.forEach((key, i) => {
      if (key === target.key) add(at("dependsOn", i), "a target cannot depend on itself");
      else if (!byKey.has(key)) add(at("dependsOn", i), `unknown target "${key}"`);
    });

    const relationshipNames = new Set<string>();
    target.references.forEach((reference, i) => {
      const lower = reference.relationshipName.toLowerCase();
      if (relationshipNames.has(lower)) add(at("references", i, "relationshipName"), `duplicate relationship "${reference.relationshipName}"`);
      relationshipNames.add(lower);
      if (reference.source !== undefined) checkPath(at("references", i, "source"), reference.source);
      if (reference.expression !== undefined) checkExpression(at("references", i, "expression"), reference.expression);
      if (reference.target === undefined) return;
      const parent = byKey.get(reference.target)?.target;
      if (reference.target === target.key) add(at("references", i, "target"), "a target cannot reference itself");
      else if (!parent) add(at("references", i, "target"), `unknown target "${reference.target}"`);
      else if (parent.forEach !== undefined && parent.forEach !== target.forEach) {
        add(
          at("references", i, "target"),
          target.forEach === undefined
            ? `"${parent.key}" makes one record per element of ${parent.forEach}, so a single record cannot reference it`
            : `"${parent.key}" iterates ${parent.forEach} but this target iterates ${target.forEach}; a reference needs the same forEach`,
        );
      }
    });

    const fieldNames = new Map<string, number>();
    target.fields.forEach((field, i) => {
      const lower = field.target.toLowerCase();
      const seen = fieldNames.get(lower);
      if (seen !== undefined) add(at("fields", i, "target"), `${target.object}.${field.target} is already mapped by fields[${seen}]`);
      fieldNames.set(lower, i);
      if (lower === target.externalIdField.toLowerCase()) {
        add(at("fields", i, "target"), `${field.target} is the external id field; it is set from externalIdSource/externalIdExpression`);
      }
      if (relationshipNames.has(lower)) add(at("fields", i, "target"), `${field.target} is already written by a reference`);
      if (field.source !== undefined) checkPath(at("fields", i, "source"), field.source);
      if (field.expression !== undefined) checkExpression(at("fields", i, "expression"), field.expression);
      field.transforms.forEach((transform, t) => {
        if (transform.kind === "concat") transform.sources.forEach((source, s) => checkPath(at("fields", i, "transforms", t, "sources", s), source));
      });
    });

    target.matchKeys.forEach((field, i) => {
      if (!fieldNames.has(field.toLowerCase())) add(at("matchKeys", i), `${field} is not a mapped field of ${target.object}`);
    });
  });

  const cycle = findCycle(document.targets);
  if (cycle) {
    const index = document.targets.findIndex((target) => target.key === cycle[0]);
    add(["targets", index, "dependsOn"], `dependency cycle: ${cycle.join(" → ")}`);
  }

  checkPolicies(document, byKey, add);
  return issues;
}

function checkPolicies(
  document: MappingDocument,
  byKey: Map<string, { target: TargetDefinition; index: number }>,
  add: (path: PropertyKey[], message: string) => void,
): void {
  const { guestCheckout, deletedCustomers, cancelledOrders } = document.policies;
  if (guestCheckout) {
    if (document.resource !== "order") add(["policies", "guestCheckout"], "only applies to order mappings");
    const target = byKey.get(guestCheckout.target)?.target;
    if (!target) add(["policies", "guestCheckout", "target"], `unknown target "${guestCheckout.target}"`);
    else if (target.forEach !== undefined) add(["policies", "guestCheckout", "target"], "must be a single record, not a forEach target");
  }
  if (deletedCustomers) {
    if (document.resource !== "customer") add(["policies", "deletedCustomers"], "only applies to customer mappings");
    (deletedCustomers.targets ?? []).forEach((key, i) => {
      if (!byKey.has(key)) add(["policies", "deletedCustomers", "targets", i], `unknown target "${key}"`);
    });
    if (deletedCustomers.action === "mark-deleted" && Object.keys(deletedCustomers.fields).length === 0) {
      add(["policies", "deletedCustomers", "fields"], 'mark-deleted needs at least one field to write, e.g. { "Shopify_Deleted__c": true }');
    }
  }
  const { buyerContactRole } = document.policies;
  if (buyerContactRole) {
    if (document.resource !== "order") add(["policies", "buyerContactRole"], "only applies to order mappings");
    const expected = { contact: "Contact", opportunity: "Opportunity" } as const;
    for (const key of ["contact", "opportunity"] as const) {
      const target = byKey.get(buyerContactRole[key])?.target;
      if (!target) add(["policies", "buyerContactRole", key], `unknown target "${buyerContactRole[key]}"`);
      else if (target.object !== expected[key] || target.forEach !== undefined) add(["policies", "buyerContactRole", key], `must be a single ${expected[key]} target`);
    }
  }
  if (cancelledOrders) {
    if (document.resource !== "order") add(["policies", "cancelledOrders"], "only applies to order mappings");
    if (cancelledOrders.action === "close-lost" && !byKey.has(cancelledOrders.target)) {
      add(["policies", "cancelledOrders", "target"], `unknown target "${cancelledOrders.target}"`);
    }
  }
}

/** Edges: dependsOn and references to other targets. Returns the keys of a cycle, closed. */
function findCycle(targets: readonly TargetDefinition[]): string[] | undefined {
  const edges = new Map<string, string[]>();
  for (const target of targets) if (!edges.has(target.key)) edges.set(target.key, parentKeys(target));
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (key: string): string[] | undefined => {
    if (state.get(key) === "done") return undefined;
    if (state.get(key) === "visiting") return [...stack.slice(stack.indexOf(key)), key];
    state.set(key, "visiting");
    stack.push(key);
    for (const parent of edges.get(key) ?? []) {
      if (!edges.has(parent) || parent === key) continue;
      const cycle = visit(parent);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(key, "done");
    return undefined;
  };
  for (const target of targets) {
    const cycle = visit(target.key);
    if (cycle) return cycle;
  }
  return undefined;
}

export function parentKeys(target: TargetDefinition): string[] {
  const keys = new Set(target.dependsOn);
  for (const reference of target.references) if (reference.target !== undefined) keys.add(reference.target);
  return [...keys];
}

/** Targets ordered so every parent comes before its dependents; ties keep document order. */
export function orderTargets(targets: readonly TargetDefinition[]): TargetDefinition[] {
  const byKey = new Map(targets.map((target) => [target.key, target]));
  const ordered: TargetDefinition[] = [];
  const placed = new Set<string>();
  const place = (target: TargetDefinition, trail: Set<string>) => {
    if (placed.has(target.key) || trail.has(target.key)) return;
    trail.add(target.key);
    for (const key of parentKeys(target)) {
      const parent = byKey.get(key);
      if (parent) place(parent, trail);
    }
    placed.add(target.key);
    ordered.push(target);
  };
  for (const target of targets) place(target, new Set());
  return ordered;
}

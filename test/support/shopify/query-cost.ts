import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isUnionType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

// Calculated query cost, as Shopify documents it (shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits):
// scalars and enums cost 0, objects 1, a connection 2 plus its page size times the cost of one node,
// mutations 10. The requested cost uses the page sizes asked for; the actual cost the nodes returned.

export const MUTATION_COST = 10;
export const SINGLE_QUERY_MAX_COST = 1000;

type Variables = Record<string, unknown>;

function argValue(node: ValueNode | undefined, variables: Variables): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}

const unwrapList = (type: GraphQLType): boolean => (isNonNullType(type) ? unwrapList(type.ofType) : isListType(type));

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Variables;
}

function possibleFields(type: GraphQLNamedType, schema: GraphQLSchema): Map<string, GraphQLField<unknown, unknown>> {
  const fields = new Map<string, GraphQLField<unknown, unknown>>();
  const add = (t: GraphQLNamedType) => {
    if (isObjectType(t) || isInterfaceType(t)) for (const [name, field] of Object.entries(t.getFields())) if (!fields.has(name)) fields.set(name, field);
  };
  add(type);
  if (isUnionType(type) || isInterfaceType(type)) for (const member of schema.getPossibleTypes(type)) add(member);
  return fields;
}

/** Cost of a selection set on `type`; with `data`, connection sizes are the nodes actually returned. */
function selectionCost(set: SelectionSetNode | undefined, type: GraphQLNamedType, walk: Walk, data: unknown): number {
  if (!set) return 0;
  let total = 0;
  const fields = possibleFields(type, walk.schema);
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : type;
      total += on ? selectionCost(selection.selectionSet, on, walk, data) : 0;
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = walk.fragments.get(selection.name.value);
      const on = fragment ? walk.schema.getType(fragment.typeCondition.name.value) : undefined;
      total += fragment && on ? selectionCost(fragment.selectionSet, on, walk, data) : 0;
      continue;
    }
    const field = fields.get(selection.name.value);
    if (!field) continue;
    const named = getNamedType(field.type);
    if (!isObjectType(named) && !isInterfaceType(named) && !isUnionType(named)) continue;
    const key = selection.alias?.value ?? selection.name.value;
    const value = data && typeof data === "object" ? (data as Record<string, unknown>)[key] : undefined;
    const args = new Map(selection.arguments?.map((arg) => [arg.name.value, argValue(arg.value, walk.variables)]));
    const pageSize = (args.get("first") ?? args.get("last")) as number | undefined;
    if (named.name.endsWith("Connection")) {
      const connectionFields: Record<string, GraphQLField<unknown, unknown>> = isObjectType(named) ? named.getFields() : {};
      const nodeType = getNamedType(connectionFields.nodes?.type ?? connectionFields.edges?.type);
      const page = value as { edges?: Array<{ node: unknown }>; nodes?: unknown[] } | undefined;
      const actualNodes = page ? (page.edges?.map((edge) => edge.node) ?? page.nodes ?? []) : undefined;
      const size = actualNodes ? actualNodes.length : (pageSize ?? 0);
      // One node's selection, wherever it was asked (edges { node { … } } or nodes { … }).
      let perNode = 0;
      for (const inner of selection.selectionSet?.selections ?? []) {
        if (inner.kind !== Kind.FIELD) continue;
        if (inner.name.value === "nodes") perNode = Math.max(perNode, 1 + selectionCost(inner.selectionSet, nodeType, walk, actualNodes?.[0]));
        if (inner.name.value === "edges") {
          for (const edgeField of inner.selectionSet?.selections ?? []) {
            if (edgeField.kind === Kind.FIELD && edgeField.name.value === "node") perNode = Math.max(perNode, 1 + selectionCost(edgeField.selectionSet, nodeType, walk, actualNodes?.[0]));
          }
        }
      }
      if (actualNodes && actualNodes.length > 0) {
        // Actual cost: sum over the nodes returned (their nested connections may differ in size).
        let sum = 0;
        for (const node of actualNodes) sum += nodeCost(selection.selectionSet, nodeType, walk, node);
        total += 2 + sum;
      } else {
        total += 2 + size * perNode;
      }
    } else if (unwrapList(field.type)) {
      const items = Array.isArray(value) ? value : undefined;
      const count = items ? items.length : (pageSize ?? 1);
      total += count * (1 + selectionCost(selection.selectionSet, named, walk, items?.[0]));
    } else {
      total += 1 + selectionCost(selection.selectionSet, named, walk, value);
    }
  }
  return total;
}

function nodeCost(connectionSet: SelectionSetNode | undefined, nodeType: GraphQLNamedType, walk: Walk, node: unknown): number {
  let best = 0;
  for (const inner of connectionSet?.selections ?? []) {
    if (inner.kind !== Kind.FIELD) continue;
    if (inner.name.value === "nodes") best = Math.max(best, 1 + selectionCost(inner.selectionSet, nodeType, walk, node));
    if (inner.name.value === "edges") {
      for (const edgeField of inner.selectionSet?.selections ?? []) {
        if (edgeField.kind === Kind.FIELD && edgeField.name.value === "node") best = Math.max(best, 1 + selectionCost(edgeField.selectionSet, nodeType, walk, node));
      }
    }
  }
  return best;
}

export function queryCost(schema: GraphQLSchema, document: DocumentNode, variables: Variables, data?: unknown): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const walk: Walk = { schema, fragments, variables };
  let total = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (definition.operation === "mutation") {
      // Each mutation field costs 10 points: a request with aliased mutations pays for every one of them.
      const fields = definition.selectionSet.selections.filter((selection) => selection.kind === Kind.FIELD).length;
      total += MUTATION_COST * Math.max(1, fields);
      continue;
    }
    const root = schema.getQueryType();
    if (root) total += selectionCost(definition.selectionSet, root, walk, data);
  }
  return total;
}

/** Plans and their leaky buckets (restore rate per second from Shopify's rate-limit table). */
export const PLANS = {
  standard: { restoreRate: 100, maximumAvailable: 2000 },
  advanced: { restoreRate: 200, maximumAvailable: 4000 },
  plus: { restoreRate: 1000, maximumAvailable: 20000 },
  enterprise: { restoreRate: 2000, maximumAvailable: 40000 },
} as const;
export type ShopPlan = keyof typeof PLANS;

export interface ThrottleStatus { maximumAvailable: number; currentlyAvailable: number; restoreRate: number }

/** The per app-and-shop bucket: refills continuously at restoreRate points per second. */
export class CostBucket {
  private available: number;
  private at: number;
  constructor(
    public maximumAvailable: number,
    public restoreRate: number,
    private readonly clock: () => number,
  ) {
    this.available = maximumAvailable;
    this.at = clock();
  }

  private refill(): void {
    const now = this.clock();
    this.available = Math.min(this.maximumAvailable, this.available + ((now - this.at) / 1000) * this.restoreRate);
    this.at = now;
  }

  /** Takes `cost` points if the bucket holds them; false means THROTTLED. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + points);
  }

  status(): ThrottleStatus {
    this.refill();
    return { maximumAvailable: this.maximumAvailable, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate };
  }
}

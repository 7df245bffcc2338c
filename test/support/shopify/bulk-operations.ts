import {
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  validate,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type SelectionSetNode,
} from "graphql";

// Bulk query operations (shopify.dev/docs/api/usage/bulk-operations/queries): the app submits a query
// whose root is a connection; Shopify runs it over every node (page sizes ignored) and writes one JSON
// object per line, with nodes of nested connections on their own lines carrying `__parentId`. Limits
// enforced here as documented: at most 5 connections, nesting at most 2 levels, no connection inside a
// list field, nested connections need the parent's `id`; one bulk query at a time per app and shop.

export type BulkStatus = "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";

export class BulkOperationRecord {
  status: BulkStatus = "CREATED";
  errorCode: string | null = null;
  completedAt: string | null = null;
  objectCount = 0;
  rootObjectCount = 0;
  fileSize: number | null = null;
  url: string | null = null;
  jsonl: string | null = null;

  constructor(
    readonly id: string,
    readonly query: string,
    readonly createdAt: string,
  ) {}

  get finished(): boolean {
    return ["COMPLETED", "CANCELED", "FAILED", "EXPIRED"].includes(this.status);
  }

  toGraphQL() {
    return {
      __typename: "BulkOperation",
      id: this.id,
      status: this.status,
      errorCode: this.errorCode,
      createdAt: this.createdAt,
      completedAt: this.completedAt,
      objectCount: String(this.objectCount),
      rootObjectCount: String(this.rootObjectCount),
      fileSize: this.fileSize === null ? null : String(this.fileSize),
      url: this.url,
      partialDataUrl: null,
      query: this.query,
      type: "QUERY",
    };
  }
}

const isList = (type: GraphQLType): boolean => (isNonNullType(type) ? isList(type.ofType) : isListType(type));

/** The documented restrictions on a bulk query; an empty array when it may run. */
export function bulkQueryProblems(schema: GraphQLSchema, query: string): string[] {
  let document;
  try {
    document = parse(query);
  } catch (error) {
    return [`Invalid bulk query: ${(error as Error).message}`];
  }
  const errors = validate(schema, document);
  if (errors.length > 0) return errors.map((error) => `Invalid bulk query: ${error.message}`);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION || operation.operation !== "query") return ["Bulk queries must be a query operation."];
  const problems: string[] = [];
  let connections = 0;
  const roots = operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD);
  if (roots.length !== 1) problems.push("Bulk queries must contain exactly one top-level field.");
  const walk = (set: SelectionSetNode | undefined, type: GraphQLNamedType, depth: number, insideList: boolean) => {
    if (!set || !isObjectType(type)) return;
    const fields = type.getFields();
    for (const selection of set.selections) {
      if (selection.kind !== Kind.FIELD) continue;
      const field = fields[selection.name.value];
      if (!field) continue;
      const named = getNamedType(field.type);
      if (named.name.endsWith("Connection")) {
        connections++;
        if (insideList) problems.push(`Queries that contain a connection field within a list field are not currently supported.`);
        if (depth >= 3) problems.push("Bulk queries cannot contain connections with a nesting depth greater than 2.");
        if (depth > 0 && !set.selections.some((s) => s.kind === Kind.FIELD && s.name.value === "id")) {
          problems.push(`The parent 'node' field for a nested connection must select the 'id' field. Connection field: '${selection.name.value}'.`);
        }
        const nodeField = isObjectType(named) ? named.getFields().edges : undefined;
        const nodeType = nodeField ? getNamedType(nodeField.type) : undefined;
        const node = nodeType && isObjectType(nodeType) ? getNamedType(nodeType.getFields().node.type) : undefined;
        for (const inner of selection.selectionSet?.selections ?? []) {
          if (inner.kind !== Kind.FIELD || !node) continue;
          if (inner.name.value === "nodes") walk(inner.selectionSet, node, depth + 1, false);
          if (inner.name.value === "edges") {
            for (const edgeField of inner.selectionSet?.selections ?? []) {
              if (edgeField.kind === Kind.FIELD && edgeField.name.value === "node") walk(edgeField.selectionSet, node, depth + 1, false);
            }
          }
        }
      } else {
        walk(selection.selectionSet, named, depth, insideList || isList(field.type));
      }
    }
  };
  const root = schema.getQueryType();
  if (root) walk(operation.selectionSet, root, 0, false);
  if (roots.length === 1) {
    const rootField = root?.getFields()[(roots[0] as { name: { value: string } }).name.value];
    if (!rootField || !getNamedType(rootField.type).name.endsWith("Connection")) problems.push("Bulk queries must contain at least one connection.");
  }
  if (connections > 5) problems.push("Bulk queries cannot contain more than 5 connections.");
  return [...new Set(problems)];
}

type Json = Record<string, unknown>;

function isConnection(value: unknown): value is { edges?: Array<{ node: Json }>; nodes?: Json[] } {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value) && (Array.isArray((value as Json).edges) || Array.isArray((value as Json).nodes));
}

/** The JSONL lines of an executed bulk query's data: a node per line, children after their parent. */
export function toJsonlLines(data: Json): { lines: string[]; rootCount: number } {
  const lines: string[] = [];
  const rootField = Object.values(data)[0];
  let rootCount = 0;
  const emit = (node: Json, parentId: string | undefined) => {
    const line: Json = {};
    const children: Json[] = [];
    for (const [key, value] of Object.entries(node)) {
      if (isConnection(value)) children.push(...(value.edges?.map((edge) => edge.node) ?? value.nodes ?? []));
      else line[key] = value;
    }
    if (parentId !== undefined) line.__parentId = parentId;
    lines.push(JSON.stringify(line));
    for (const child of children) emit(child, String(node.id));
  };
  if (isConnection(rootField)) {
    for (const node of rootField.edges?.map((edge) => edge.node) ?? rootField.nodes ?? []) {
      rootCount++;
      emit(node, undefined);
    }
  }
  return { lines, rootCount };
}

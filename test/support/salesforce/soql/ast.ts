export interface FieldRef {
  /** Path segments as written, e.g. ["Account", "Name"]. */
  path: string[];
  at: number;
}

export type Literal =
  | { kind: "string"; value: string; escaped: Set<number>; at: number }
  | { kind: "number"; value: number; at: number }
  | { kind: "boolean"; value: boolean; at: number }
  | { kind: "null"; at: number }
  | { kind: "date"; value: string; at: number }
  | { kind: "datetime"; value: string; at: number }
  /** TODAY, LAST_N_DAYS:7 … */
  | { kind: "dateRange"; name: string; n?: number; at: number };

export type CompareOp = "=" | "!=" | "<" | ">" | "<=" | ">=";

export type Condition =
  | { kind: "and" | "or"; items: Condition[] }
  | { kind: "not"; item: Condition }
  | { kind: "compare"; field: FieldRef; op: CompareOp; value: Literal }
  | { kind: "in"; field: FieldRef; negated: boolean; values: Literal[] }
  | { kind: "like"; field: FieldRef; pattern: Literal };

export interface OrderBy {
  field: FieldRef;
  desc: boolean;
  nullsLast: boolean;
}

export interface SelectQuery {
  /** `SELECT COUNT() FROM …` */
  count: boolean;
  fields: FieldRef[];
  from: { name: string; at: number };
  where?: Condition;
  orderBy: OrderBy[];
  limit?: number;
  offset?: number;
}

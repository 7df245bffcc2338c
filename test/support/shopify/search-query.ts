// Shopify's search syntax for the `query:` argument, the subset the app uses: terms `field:value` with the
// comparators `>`, `>=`, `<`, `<=` (and plain equality), joined by spaces or AND, values optionally quoted.
// https://shopify.dev/docs/api/usage/search-syntax — unknown fields are ignored by Shopify (the search
// just does not filter on them), and so they are here.

type Json = Record<string, unknown>;

export interface SearchTerm {
  field: string;
  op: ">" | ">=" | "<" | "<=" | "=";
  value: string;
}

export function parseSearchQuery(query: string | undefined | null): SearchTerm[] {
  if (!query) return [];
  const terms: SearchTerm[] = [];
  const pattern = /([a-z_]+):(>=|<=|>|<)?\s*(?:'([^']*)'|"([^"]*)"|(\S+))/gi;
  for (const match of query.matchAll(pattern)) {
    const op = (match[2] ?? "=") as SearchTerm["op"];
    terms.push({ field: match[1].toLowerCase(), op, value: match[3] ?? match[4] ?? match[5] ?? "" });
  }
  return terms;
}

const DATE_FIELDS = new Set(["updated_at", "created_at", "processed_at"]);

function compare(a: number | bigint | string, b: number | bigint | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a REST-shaped record matches every term (terms on unknown fields match everything). */
export function matchesSearch(record: Json, terms: SearchTerm[]): boolean {
  return terms.every((term) => {
    let left: number | bigint | string;
    let right: number | bigint | string;
    if (DATE_FIELDS.has(term.field)) {
      left = Date.parse(String(record[term.field]));
      right = Date.parse(term.value);
      if (Number.isNaN(right)) return false;
    } else if (term.field === "id") {
      left = BigInt(String(record.id));
      right = BigInt(term.value.replace(/^gid:\/\/shopify\/\w+\//, ""));
    } else if (term.field === "email") {
      left = String(record.email ?? "").toLowerCase();
      right = term.value.toLowerCase();
    } else if (term.field === "financial_status" || term.field === "status") {
      left = String(record[term.field === "status" ? "financial_status" : term.field] ?? "");
      right = term.value;
    } else {
      return true;
    }
    const order = compare(left, right);
    switch (term.op) {
      case ">": return order > 0;
      case ">=": return order >= 0;
      case "<": return order < 0;
      case "<=": return order <= 0;
      default: return order === 0;
    }
  });
}

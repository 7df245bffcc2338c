import type { CompareOp, Condition, FieldRef, Literal, OrderBy, SelectQuery } from "./ast";
import { tokenize, type Token } from "./lexer";
import { SoqlError } from "./soql-error";

const KEYWORDS = new Set(
  "SELECT FROM WHERE AND OR NOT IN LIKE ORDER BY ASC DESC NULLS FIRST LAST LIMIT OFFSET NULL TRUE FALSE COUNT INCLUDES EXCLUDES GROUP HAVING WITH FOR USING SCOPE TYPEOF".split(
    " ",
  ),
);

const DATE_RANGES = new Set(
  "YESTERDAY TODAY TOMORROW LAST_WEEK THIS_WEEK NEXT_WEEK LAST_MONTH THIS_MONTH NEXT_MONTH LAST_90_DAYS NEXT_90_DAYS THIS_YEAR LAST_YEAR NEXT_YEAR".split(
    " ",
  ),
);
const DATE_RANGES_N = new Set(["LAST_N_DAYS", "NEXT_N_DAYS", "LAST_N_MONTHS", "NEXT_N_MONTHS", "LAST_N_YEARS", "NEXT_N_YEARS"]);

/** Recursive-descent parser for the SELECT subset the emulator answers. */
class Parser {
  private readonly tokens: Token[];
  private pos = 0;

  constructor(private readonly soql: string) {
    this.tokens = tokenize(soql);
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    return this.tokens[this.pos++];
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === "ident" && t.text.toUpperCase() === word;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.pos++;
    return true;
  }

  private unexpected(token = this.peek()): SoqlError {
    return new SoqlError("MALFORMED_QUERY", this.soql, token.at, `unexpected token: ${token.text}`);
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw this.unexpected();
  }

  private expect(kind: Token["kind"]): Token {
    if (this.peek().kind !== kind) throw this.unexpected();
    return this.next();
  }

  private fieldRef(): FieldRef {
    const t = this.peek();
    if (t.kind !== "ident" || KEYWORDS.has(t.text.toUpperCase())) throw this.unexpected();
    this.pos++;
    return { path: t.text.split("."), at: t.at };
  }

  query(): SelectQuery {
    this.expectKeyword("SELECT");
    let count = false;
    const fields: FieldRef[] = [];
    if (this.isKeyword("COUNT") && this.tokens[this.pos + 1]?.kind === "(") {
      this.pos += 2;
      if (this.peek().kind !== ")") {
        throw new SoqlError("MALFORMED_QUERY", this.soql, this.peek().at, "Only COUNT() is supported by this emulator");
      }
      this.pos++;
      count = true;
    } else {
      do {
        if (this.peek().kind === "(") {
          throw new SoqlError("MALFORMED_QUERY", this.soql, this.peek().at, "Relationship subqueries are not supported by this emulator");
        }
        fields.push(this.fieldRef());
      } while (this.peek().kind === "," && this.next());
    }
    this.expectKeyword("FROM");
    const fromToken = this.peek();
    // Object names may be keywords: `FROM Order` is valid SOQL.
    if (fromToken.kind !== "ident") throw this.unexpected();
    this.pos++;
    const query: SelectQuery = { count, fields, from: { name: fromToken.text, at: fromToken.at }, orderBy: [] };
    if (this.acceptKeyword("WHERE")) query.where = this.condition();
    if (this.acceptKeyword("ORDER")) {
      this.expectKeyword("BY");
      query.orderBy = this.orderBy();
    }
    if (this.acceptKeyword("LIMIT")) query.limit = this.integer();
    if (this.acceptKeyword("OFFSET")) query.offset = this.integer();
    if (this.peek().kind !== "eof") throw this.unexpected();
    return query;
  }

  conditionOnly(): Condition {
    const c = this.condition();
    if (this.peek().kind !== "eof") throw this.unexpected();
    return c;
  }

  private integer(): number {
    const t = this.expect("number");
    if (!/^\d+$/.test(t.text)) throw this.unexpected(t);
    return Number(t.text);
  }

  private orderBy(): OrderBy[] {
    const items: OrderBy[] = [];
    do {
      const field = this.fieldRef();
      let desc = false;
      if (this.acceptKeyword("DESC")) desc = true;
      else this.acceptKeyword("ASC");
      let nullsLast = desc;
      if (this.acceptKeyword("NULLS")) {
        if (this.acceptKeyword("LAST")) nullsLast = true;
        else {
          this.expectKeyword("FIRST");
          nullsLast = false;
        }
      }
      items.push({ field, desc, nullsLast });
    } while (this.peek().kind === "," && this.next());
    return items;
  }

  /** SOQL does not rank AND over OR: mixing them without parentheses is a syntax error. */
  private condition(): Condition {
    const first = this.unary();
    const joiner = this.isKeyword("AND") ? "AND" : this.isKeyword("OR") ? "OR" : undefined;
    if (!joiner) return first;
    const items = [first];
    while (this.acceptKeyword(joiner)) items.push(this.unary());
    if (this.isKeyword("AND") || this.isKeyword("OR")) throw this.unexpected();
    return { kind: joiner === "AND" ? "and" : "or", items };
  }

  private unary(): Condition {
    if (this.acceptKeyword("NOT")) return { kind: "not", item: this.unary() };
    if (this.peek().kind === "(") {
      this.pos++;
      const inner = this.condition();
      this.expect(")");
      return inner;
    }
    return this.predicate();
  }

  private predicate(): Condition {
    const field = this.fieldRef();
    if (this.acceptKeyword("LIKE")) return { kind: "like", field, pattern: this.literal() };
    const negated = this.acceptKeyword("NOT");
    if (this.acceptKeyword("IN")) {
      this.expect("(");
      if (this.isKeyword("SELECT")) {
        throw new SoqlError("MALFORMED_QUERY", this.soql, this.peek().at, "Semi-join subqueries are not supported by this emulator");
      }
      const values: Literal[] = [];
      do values.push(this.literal());
      while (this.peek().kind === "," && this.next());
      this.expect(")");
      return { kind: "in", field, negated, values };
    }
    if (negated) throw this.unexpected();
    const op = this.peek();
    if (op.kind !== "op") throw this.unexpected();
    this.pos++;
    return { kind: "compare", field, op: op.text as CompareOp, value: this.literal() };
  }

  private literal(): Literal {
    const t = this.next();
    switch (t.kind) {
      case "string":
        return { kind: "string", value: t.text, escaped: t.escaped ?? new Set(), at: t.at };
      case "number":
        return { kind: "number", value: Number(t.text), at: t.at };
      case "date":
        return { kind: "date", value: t.text, at: t.at };
      case "datetime":
        return { kind: "datetime", value: t.text, at: t.at };
      case "ident": {
        const word = t.text.toUpperCase();
        if (word === "NULL") return { kind: "null", at: t.at };
        if (word === "TRUE" || word === "FALSE") return { kind: "boolean", value: word === "TRUE", at: t.at };
        if (DATE_RANGES.has(word)) return { kind: "dateRange", name: word, at: t.at };
        if (DATE_RANGES_N.has(word)) {
          this.expect(":");
          return { kind: "dateRange", name: word, n: this.integer(), at: t.at };
        }
        throw this.unexpected(t);
      }
      default:
        throw this.unexpected(t);
    }
  }
}

export function parseSoql(soql: string): SelectQuery {
  return new Parser(soql).query();
}

/** A bare WHERE expression, as used by emulated validation rules. */
export function parseCondition(text: string): Condition {
  return new Parser(text).conditionOnly();
}

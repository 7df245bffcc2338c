import { SfApiError } from "../errors";
import { tokenize, type Token } from "./lexer";

function tokenLength(soql: string, token: Token): number {
  if (token.kind !== "string") return token.text.length;
  let i = token.at + 1;
  while (i < soql.length && soql[i] !== "'") i += soql[i] === "\\" ? 2 : 1;
  return i + 1 - token.at;
}

/**
 * SOQL errors point into the query like Salesforce does:
 * "\n<excerpt>\n<spaces>^\nERROR at Row:1:Column:12\n<detail>" (see error_400_INVALID_FIELD_query.json).
 */
export class SoqlError extends Error {
  constructor(
    readonly code: "MALFORMED_QUERY" | "INVALID_FIELD" | "INVALID_TYPE" | "INVALID_QUERY_FILTER_OPERATOR",
    readonly soql: string,
    readonly at: number,
    readonly detail: string,
  ) {
    super(detail);
  }

  formatted(): string {
    const lineStart = this.soql.lastIndexOf("\n", this.at - 1) + 1;
    const row = this.soql.slice(0, lineStart).split("\n").length;
    const column = this.at - lineStart + 1;
    const [from, to] = this.excerptBounds(lineStart);
    const excerpt = this.soql.slice(from, to);
    return `\n${excerpt}\n${" ".repeat(this.at - from)}^\nERROR at Row:${row}:Column:${column}\n${this.detail}`;
  }

  /**
   * Salesforce quotes the offending line from six tokens before the error to four after it
   * (commas count), e.g. "LastReferencedDate, Jigsaw, JigsawCompanyId, CleanStatus, AccountSource, DunsNumber".
   */
  private excerptBounds(lineStart: number): [number, number] {
    const lineEndRaw = this.soql.indexOf("\n", this.at);
    const lineEnd = lineEndRaw < 0 ? this.soql.length : lineEndRaw;
    let tokens: Token[];
    try {
      tokens = tokenize(this.soql).filter((t) => t.kind !== "eof" && t.at >= lineStart && t.at < lineEnd);
    } catch {
      return [lineStart, lineEnd];
    }
    let index = tokens.findIndex((t) => t.at >= this.at);
    if (index < 0) index = tokens.length;
    const first = tokens[Math.max(0, index - 6)];
    const last = tokens[Math.min(tokens.length - 1, index + 4)];
    const from = first ? Math.min(first.at, this.at) : lineStart;
    const to = last ? Math.max(last.at + tokenLength(this.soql, last), this.at) : lineEnd;
    return [from, Math.min(to, lineEnd)];
  }

  toApiError(): SfApiError {
    return new SfApiError(400, [{ code: this.code, message: this.formatted() }]);
  }
}

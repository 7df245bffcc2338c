import { SoqlError } from "./soql-error";

export type TokenKind =
  | "ident"
  | "string"
  | "number"
  | "date"
  | "datetime"
  | "op"
  | "("
  | ")"
  | ","
  | ":"
  | "eof";

export interface Token {
  kind: TokenKind;
  /** Source text (for strings: the decoded value). */
  text: string;
  /** 0-based offset in the query. */
  at: number;
  /** LIKE patterns need to know which % and _ were escaped: positions in `text`. */
  escaped?: Set<number>;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const DATETIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/y;
const DATE = /\d{4}-\d{2}-\d{2}(?![\dT])/y;
const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)/y;
const OPERATOR = /!=|<>|<=|>=|=|<|>/y;

const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f", '"': '"', "'": "'", "\\": "\\" };

function readString(soql: string, start: number): Token {
  let i = start + 1;
  let text = "";
  const escaped = new Set<number>();
  while (i < soql.length) {
    const c = soql[i];
    if (c === "'") return { kind: "string", text, at: start, escaped };
    if (c === "\\") {
      const next = soql[i + 1];
      if (next === "%" || next === "_") {
        escaped.add(text.length);
        text += next;
      } else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(soql.slice(i + 2, i + 6))) {
        text += String.fromCharCode(parseInt(soql.slice(i + 2, i + 6), 16));
        i += 4;
      } else if (next !== undefined && next in ESCAPES) {
        text += ESCAPES[next];
      } else {
        throw new SoqlError(
          "MALFORMED_QUERY",
          soql,
          start,
          `Invalid string literal '${soql.slice(start + 1, i + 2)}'. Illegal character sequence '\\${next ?? ""}' in string literal.`,
        );
      }
      i += 2;
      continue;
    }
    text += c;
    i++;
  }
  throw new SoqlError("MALFORMED_QUERY", soql, start, `unexpected token: '${soql.slice(start)}'`);
}

export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    const m = re.exec(soql);
    return m ? m[0] : undefined;
  };
  while (i < soql.length) {
    const c = soql[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      const token = readString(soql, i);
      tokens.push(token);
      i += rawLength(soql, i) + 2;
      continue;
    }
    if (c === "(" || c === ")" || c === "," || c === ":") {
      tokens.push({ kind: c, text: c, at: i });
      i++;
      continue;
    }
    const dt = match(DATETIME);
    if (dt) {
      tokens.push({ kind: "datetime", text: dt, at: i });
      i += dt.length;
      continue;
    }
    const d = match(DATE);
    if (d) {
      tokens.push({ kind: "date", text: d, at: i });
      i += d.length;
      continue;
    }
    const op = match(OPERATOR);
    if (op) {
      tokens.push({ kind: "op", text: op === "<>" ? "!=" : op, at: i });
      i += op.length;
      continue;
    }
    const n = match(NUMBER);
    if (n) {
      tokens.push({ kind: "number", text: n, at: i });
      i += n.length;
      continue;
    }
    const id = match(IDENT);
    if (id) {
      tokens.push({ kind: "ident", text: id, at: i });
      i += id.length;
      continue;
    }
    throw new SoqlError("MALFORMED_QUERY", soql, i, `unexpected token: '${c}'`);
  }
  tokens.push({ kind: "eof", text: "<EOF>", at: soql.length });
  return tokens;
}

/** Length of the raw (escaped) body of the string literal starting at `start`. */
function rawLength(soql: string, start: number): number {
  let i = start + 1;
  while (i < soql.length && soql[i] !== "'") i += soql[i] === "\\" ? 2 : 1;
  return i - start - 1;
}

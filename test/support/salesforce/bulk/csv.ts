// RFC 4180 CSV, enough for Bulk API 2.0: quoted fields, doubled quotes, embedded delimiters and
// line breaks, LF or CRLF rows, and the six delimiters the API accepts.

export const DELIMITERS: Record<string, string> = {
  COMMA: ",",
  TAB: "\t",
  PIPE: "|",
  SEMICOLON: ";",
  CARET: "^",
  BACKQUOTE: "`",
};

export function parseCsv(text: string, delimiter = ","): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  let i = 0;
  const endCell = (): void => {
    row.push(cell);
    cell = "";
  };
  const endRow = (): void => {
    endCell();
    rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else cell += c;
      i++;
      continue;
    }
    if (c === '"' && cell.length === 0) quoted = true;
    else if (c === delimiter) endCell();
    else if (c === "\n") endRow();
    else if (c === "\r" && text[i + 1] === "\n") {
      endRow();
      i++;
    } else cell += c;
    i++;
  }
  if (cell.length > 0 || row.length > 0) endRow();
  return rows;
}

function quote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** Salesforce quotes every cell of its result files. */
export function toCsv(header: string[], rows: string[][], lineEnding = "\n", delimiter = ","): string {
  return [header, ...rows].map((r) => r.map(quote).join(delimiter)).join(lineEnding) + lineEnding;
}

// Salesforce's SOQL string escapes ("Quoted String Escape Sequences", SOQL and SOSL Reference): the
// backslash is the escape character; \n \r \t \b \f \" \' \\ are the sequences a literal may hold, and a
// backslash before anything else is a MALFORMED_QUERY. Escaping every one of them keeps a value such as
// o'brien@example.com, a Windows path or a pasted multi-line name a literal, never SOQL syntax.
const SOQL_ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "'": "\\'",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

/** A SOQL string literal (quotes included) holding exactly `value`. */
export function soqlString(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (char) => SOQL_ESCAPES[char] ?? char)}'`;
}

/**
 * Parses JSON without losing integer precision. Shopify ids exceed 2^53, and `JSON.parse` silently
 * rounds them (820982911946154508 → 820982911946154500), which would create duplicate Salesforce
 * records. Rules, applied while parsing:
 * - every value under a key named `id` or ending in `_id` becomes a string (ids are exact strings);
 * - any other integer outside the safe range becomes a string too (never a rounded number);
 * - all other numbers stay numbers.
 * Throws SyntaxError on malformed JSON, like JSON.parse. Of duplicate keys the last wins (as in JSON.parse
 * and PostgreSQL's jsonb).
 *
 * Hand-written because it runs on every webhook: lossless-json (the reference the unit test compares
 * against) costs 7× a native JSON.parse on Shopify's order sample, and a JSON.parse reviver that reads
 * each number's source text 5×. Here the native parser does the work: the text is parsed once to validate
 * it, and when it holds integer literals beyond 2^53 (Shopify's do), those literals — found by one regular
 * expression that steps over string literals — are quoted and the text is parsed again, so they come out
 * as their exact digits. A walk then turns the remaining numeric ids into strings.
 */
export function parseExactJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  const exact = quoteUnsafeIntegers(text);
  return stringifyIds(exact === text ? value : JSON.parse(exact), "");
}

// A string literal (skipped) or a number literal, in a text already known to be valid JSON.
const TOKENS = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

function quoteUnsafeIntegers(text: string): string {
  let out = "";
  let copied = 0;
  for (const match of text.matchAll(TOKENS)) {
    const token = match[0];
    // 2^53 has 16 digits: a shorter literal is a safe integer unless it has an exponent.
    if (token.charCodeAt(0) === 34 || (token.length < 16 && !/[eE]/.test(token))) continue;
    const number = Number(token);
    if (!Number.isInteger(number) || Number.isSafeInteger(number)) continue;
    out += `${text.slice(copied, match.index)}"${token}"`;
    copied = match.index + token.length;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function stringifyIds(value: unknown, key: string): unknown {
  if (typeof value === "number") return isIdKey(key) ? String(value) : value;
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const child: unknown = value[index];
      if (child !== null && typeof child === "object") stringifyIds(child, "");
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    const child = record[name];
    if (child !== null && typeof child === "object") stringifyIds(child, name);
    else if (typeof child === "number" && isIdKey(name)) {
      // A parsed "__proto__" is an own property; plain assignment would set the prototype instead.
      if (name === "__proto__") Object.defineProperty(record, name, { value: String(child), writable: true, enumerable: true, configurable: true });
      else record[name] = String(child);
    }
  }
  return record;
}

function isIdKey(key: string): boolean {
  return key === "id" || key.endsWith("_id");
}

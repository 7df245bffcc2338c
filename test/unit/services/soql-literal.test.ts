import { describe, expect, it } from "vitest";
import { soqlString } from "../../../app/services/salesforce/soql-literal.server";
import { tokenize } from "../../support/salesforce/soql/lexer";

// The emulator's lexer follows Salesforce's "Quoted String Escape Sequences": a literal must decode back to
// exactly the value that was escaped, whatever it holds.
const awkward = ["o'brien@example.com", "back\\slash@example.com", 'say "hi"', "two\nlines\r\tand\bbell\fform", "\\'", "100%_off", "é ü 中"];

describe("soqlString", () => {
  it.each(awkward)("escapes %j so SOQL reads it back unchanged", (value) => {
    const [token, end] = tokenize(soqlString(value));
    expect(token).toMatchObject({ kind: "string", text: value });
    expect(end?.kind).toBe("eof");
  });

  it("writes the documented sequences", () => {
    expect(soqlString("o'brien\\x")).toBe("'o\\'brien\\\\x'");
    expect(soqlString("a\nb")).toBe("'a\\nb'");
  });
});

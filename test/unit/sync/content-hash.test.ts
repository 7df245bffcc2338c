import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../../app/sync/canonical-json";
import { contentHash } from "../../../app/sync/content-hash";
import { sha256Hex } from "../../../app/sync/sha256";

describe("sha256Hex", () => {
  it("matches the FIPS 180-4 test vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
    expect(sha256Hex("a".repeat(1000))).toBe("41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
  });

  it("hashes UTF-8 exactly like node:crypto, across block boundaries", () => {
    for (const text of ["Zoë Ångström-Ñúñez 山田 😀", "x".repeat(55), "x".repeat(56), "x".repeat(64), "é".repeat(300)]) {
      expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
    }
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it("is stable for dates, non-finite numbers and big ids", () => {
    expect(canonicalJson([new Date("2022-01-01T00:00:00Z"), Number.NaN, "820982911946154508", 10n])).toBe(
      '["2022-01-01T00:00:00.000Z",null,"820982911946154508","10"]',
    );
  });
});

describe("contentHash", () => {
  const base = { object: "Contact", externalIdField: "Shopify_Customer_Id__c", externalId: "706405506930370084" };

  it("ignores key order", () => {
    expect(contentHash({ ...base, fields: { LastName: "Biller", FirstName: "Bob" } })).toBe(contentHash({ ...base, fields: { FirstName: "Bob", LastName: "Biller" } }));
  });

  it("changes with any value, the object or the id", () => {
    const hash = contentHash({ ...base, fields: { LastName: "Biller" } });
    expect(contentHash({ ...base, fields: { LastName: "Billers" } })).not.toBe(hash);
    expect(contentHash({ ...base, object: "Account", fields: { LastName: "Biller" } })).not.toBe(hash);
    expect(contentHash({ ...base, externalId: "706405506930370085", fields: { LastName: "Biller" } })).not.toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

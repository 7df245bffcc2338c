import { describe, expect, it } from "vitest";
import type { Transform } from "../../../app/sync/mapping-schema";
import { applyTransform, applyTransforms, roundHalfAwayFromZero, truncate } from "../../../app/sync/transforms";

const paths: Record<string, unknown> = { "default_address.address2": "Suite 4", empty: "  ", missing: undefined };
const context = { resolve: (path: string) => paths[path] };
const run = (value: unknown, transform: Transform) => applyTransform(value, transform, context);
const ok = (value: unknown) => ({ ok: true, value });

describe("text transforms", () => {
  it("trim, upper, lower leave non-strings alone", () => {
    expect(run("  Bob  ", { kind: "trim" })).toEqual(ok("Bob"));
    expect(run("straße", { kind: "upper" })).toEqual(ok("STRASSE"));
    expect(run("ÅNGSTRÖM", { kind: "lower" })).toEqual(ok("ångström"));
    expect(run(12, { kind: "upper" })).toEqual(ok(12));
    expect(run(null, { kind: "trim" })).toEqual(ok(null));
  });

  it("title-case handles apostrophes, hyphens and accents", () => {
    expect(run("JOHN O'CONNOR", { kind: "title-case" })).toEqual(ok("John O'Connor"));
    expect(run("jean-luc ångström", { kind: "title-case" })).toEqual(ok("Jean-Luc Ångström"));
  });

  it("truncate cuts to N without splitting an emoji; 'describe' is left for pre-flight", () => {
    expect(run("abcdef", { kind: "truncate", length: 3 })).toEqual(ok("abc"));
    expect(run("ab", { kind: "truncate", length: 3 })).toEqual(ok("ab"));
    expect(truncate("ab😀cd", 3)).toBe("ab");
    expect(truncate("ab😀cd", 4)).toBe("ab😀");
    expect(run("abcdef", { kind: "truncate", length: "describe" })).toEqual(ok("abcdef"));
  });
});

describe("number transforms", () => {
  it("number parses numeric strings and refuses the rest", () => {
    expect(run("414.95", { kind: "number" })).toEqual(ok(414.95));
    expect(run(" 3 ", { kind: "number" })).toEqual(ok(3));
    expect(run("", { kind: "number" })).toEqual(ok(null));
    expect(run(undefined, { kind: "number" })).toEqual(ok(undefined));
    expect(run("12abc", { kind: "number" })).toEqual({ ok: false, error: '"12abc" is not a number' });
    expect(run(true, { kind: "number" })).toMatchObject({ ok: false });
  });

  it("currency rounds half away from zero to 2 decimals (or as configured)", () => {
    expect(run("2.675", { kind: "currency", decimals: 2 })).toEqual(ok(2.68));
    expect(run("1.005", { kind: "currency", decimals: 2 })).toEqual(ok(1.01));
    expect(run(-2.675, { kind: "currency", decimals: 2 })).toEqual(ok(-2.68));
    expect(run("19.99", { kind: "currency", decimals: 2 })).toEqual(ok(19.99));
    expect(run("7.1234", { kind: "currency", decimals: 3 })).toEqual(ok(7.123));
    expect(run(null, { kind: "currency", decimals: 2 })).toEqual(ok(null));
    expect(run(undefined, { kind: "currency", decimals: 2 })).toEqual(ok(undefined));
    expect(run("ten", { kind: "currency", decimals: 2 })).toMatchObject({ ok: false });
    expect(roundHalfAwayFromZero(-0.001, 2)).toBe(0);
    expect(roundHalfAwayFromZero(1e-7, 2)).toBe(0);
  });
});

describe("date transforms", () => {
  it("date keeps the calendar date written in the shop's time zone", () => {
    expect(run("2021-12-31T19:00:00-05:00", { kind: "date" })).toEqual(ok("2021-12-31"));
    expect(run("2022-02-01", { kind: "date" })).toEqual(ok("2022-02-01"));
    expect(run("2022-02-30", { kind: "date" })).toEqual({ ok: false, error: '"2022-02-30" is not a valid date' });
    expect(run("yesterday", { kind: "date" })).toMatchObject({ ok: false });
    expect(run(null, { kind: "date" })).toEqual(ok(null));
  });

  it("datetime is ISO 8601 in UTC", () => {
    expect(run("2021-12-31T19:00:00-05:00", { kind: "datetime" })).toEqual(ok("2022-01-01T00:00:00.000Z"));
    expect(run("2022-02-01", { kind: "datetime" })).toEqual(ok("2022-02-01T00:00:00.000Z"));
    expect(run("31/12/2021", { kind: "datetime" })).toMatchObject({ ok: false });
    expect(run("", { kind: "datetime" })).toEqual(ok(null));
  });
});

describe("mapping transforms", () => {
  const stage: Transform = { kind: "value-map", map: { paid: "Closed Won", pending: "Prospecting" }, default: "Qualification", caseInsensitive: true };

  it("value-map maps, falls back to its default, matches case-insensitively when asked", () => {
    expect(run("paid", stage)).toEqual(ok("Closed Won"));
    expect(run("PAID", stage)).toEqual(ok("Closed Won"));
    expect(run("authorized", stage)).toEqual(ok("Qualification"));
    expect(run(null, stage)).toEqual(ok("Qualification"));
    expect(run("authorized", { kind: "value-map", map: { paid: "X" }, caseInsensitive: false })).toEqual(ok("authorized"));
    expect(run("PAID", { kind: "value-map", map: { paid: "X" }, caseInsensitive: false })).toEqual(ok("PAID"));
  });

  it("default fills blanks only", () => {
    expect(run("", { kind: "default", value: "(none)" })).toEqual(ok("(none)"));
    expect(run(null, { kind: "default", value: "(none)" })).toEqual(ok("(none)"));
    expect(run("Smith", { kind: "default", value: "(none)" })).toEqual(ok("Smith"));
    expect(run(0, { kind: "default", value: 5 })).toEqual(ok(0));
  });

  it("concat joins other paths, skipping blanks", () => {
    expect(run("151 O'Connor Street", { kind: "concat", sources: ["default_address.address2"], separator: "\n" })).toEqual(ok("151 O'Connor Street\nSuite 4"));
    expect(run("A", { kind: "concat", sources: ["empty", "missing"], separator: " " })).toEqual(ok("A"));
    expect(run(null, { kind: "concat", sources: ["empty"], separator: " " })).toEqual(ok(null));
  });

  it("join joins arrays", () => {
    expect(run(["visa", "", "bogus"], { kind: "join", separator: ", " })).toEqual(ok("visa, bogus"));
    expect(run("tag1, tag2", { kind: "join", separator: ";" })).toEqual(ok("tag1, tag2"));
  });

  it("boolean reads yes/no words; absent is false (a checkbox cannot be null)", () => {
    expect(run("yes", { kind: "boolean" })).toEqual(ok(true));
    expect(run("FALSE", { kind: "boolean" })).toEqual(ok(false));
    expect(run(1, { kind: "boolean" })).toEqual(ok(true));
    expect(run(null, { kind: "boolean" })).toEqual(ok(false));
    expect(run("maybe", { kind: "boolean" })).toEqual({ ok: false, error: '"maybe" is not a yes/no value' });
  });

  it("string stringifies scalars and refuses objects", () => {
    expect(run(42, { kind: "string" })).toEqual(ok("42"));
    expect(run(null, { kind: "string" })).toEqual(ok(null));
    expect(run({ a: 1 }, { kind: "string" })).toMatchObject({ ok: false });
  });

  it("runs a list in order and stops at the first failure", () => {
    expect(applyTransforms("  JOHN  ", [{ kind: "trim" }, { kind: "lower" }, { kind: "title-case" }], context)).toEqual(ok("John"));
    expect(applyTransforms("x", [{ kind: "number" }, { kind: "upper" }], context)).toMatchObject({ ok: false });
  });
});

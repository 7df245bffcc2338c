import { afterAll, describe, expect, it } from "vitest";
import { createExpressionSandbox } from "../../../app/services/sandbox/expression-sandbox.server";
import { compileMapping } from "../../../app/sync/compile-mapping";
import { defaultMappingDocument } from "../../../app/sync/default-mappings";
import type { MapRequest } from "../../../app/sync/map-events";
import type { MappingDocument } from "../../../app/sync/mapping-schema";
import { parseMappingDocument } from "../../../app/sync/parse-mapping-document";
import type { ValidationRule } from "../../../app/sync/validation-rule";
import { customerPayload } from "../../support/shopify-stream";

// Merchant code cannot hurt the service: each expression has a time budget and the sandbox thread a memory
// limit that a runaway cannot escape, and patterns run on a linear-time engine.

const sandbox = createExpressionSandbox({ timeBudgetMs: 50, memoryMb: 48 });
afterAll(() => sandbox.close());

function withContactField(target: string, expression: string): MappingDocument {
  const base = structuredClone(defaultMappingDocument("customer")) as unknown as { targets: Array<{ key: string; fields: Array<Record<string, unknown>> }> };
  base.targets.find((candidate) => candidate.key === "contact")!.fields.push({ target, expression });
  const parsed = parseMappingDocument(base);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

function request(document: MappingDocument, rules: ValidationRule[] = [], payload: unknown = customerPayload(0)): MapRequest {
  return { kind: "upsert", payload, mapping: compileMapping(document, `test:${Math.random()}`), rules, context: {}, syncRecord: null };
}

const patternRule = (pattern: string, field = "first_name"): ValidationRule => ({
  id: "rule-1",
  resource: "customer",
  field,
  expression: null,
  kind: "pattern",
  params: { pattern },
  action: "block",
  message: null,
});

describe("the expression sandbox", () => {
  it("ends endless recursion at the budget with a violation on its mapping row", async () => {
    const [mapped] = await sandbox.mapEvents([request(withContactField("Description", "($f := function($x){ $f($x) }; $f(1))"))]);
    expect(mapped.violations).toContainEqual(expect.objectContaining({ field: "Contact.Description", action: "block", message: expect.stringMatching(/expression took longer than 50 ms/) }));
  });

  it("refuses a value no field can hold ($pad to 100 million characters)", async () => {
    const [mapped] = await sandbox.mapEvents([request(withContactField("Description", '$pad("x", 100000000)'))]);
    expect(mapped.violations).toContainEqual(expect.objectContaining({ field: "Contact.Description", action: "block", message: expect.stringMatching(/more than 131072 characters/) }));
  });

  it("ends a single built-in call that outgrows the memory limit from outside, and names the expression", async () => {
    const [mapped] = await sandbox.mapEvents([request(withContactField("Description", "$count([1..10000000])"))]);
    expect(mapped.violations).toEqual([
      expect.objectContaining({ field: "Contact.Description", action: "block", message: expect.stringMatching(/expression (used more than 48 MB of memory|took longer than 50 ms): \$count/) }),
    ]);
  });

  it("maps the other events of a batch that holds a runaway", async () => {
    const good = request(defaultMappingDocument("customer"));
    const bad = request(withContactField("Description", "$count([1..10000000])"));
    const [first, second, third] = await sandbox.mapEvents([good, bad, good]);
    expect(first.violations).toEqual([]);
    expect(first.records.map((record) => record.object)).toEqual(["Account", "Contact"]);
    expect(second.violations[0].message).toMatch(/\$count/);
    expect(third.records).toHaveLength(2);
  });

  it("runs a catastrophic pattern in linear time", async () => {
    const payload = { ...customerPayload(0), first_name: `${"a".repeat(5000)}!` };
    const [mapped] = await sandbox.mapEvents([request(defaultMappingDocument("customer"), [patternRule("^(a+)+$")], payload)]);
    expect(mapped.violations).toEqual([expect.objectContaining({ field: "first_name", ruleId: "rule-1", message: expect.stringMatching(/does not match the required pattern/) })]);
  });

  it("reports a pattern the linear-time engine cannot run as a violation on its rule", async () => {
    const [mapped] = await sandbox.mapEvents([request(defaultMappingDocument("customer"), [patternRule("^(?=a)a$")])]);
    expect(mapped.violations).toEqual([expect.objectContaining({ ruleId: "rule-1", message: expect.stringMatching(/linear-time pattern engine does not support/) })]);
  });
});

describe("the expression sandbox on a starved machine", () => {
  it("does not end an honest batch that waited for a core longer than its limit: the limit is CPU spent", async () => {
    let pid = 0;
    const restarts: string[] = [];
    const starved = createExpressionSandbox({ timeBudgetMs: 50, memoryMb: 128, onSpawn: (spawned) => (pid = spawned), onRestart: (reason) => restarts.push(reason) });
    try {
      // Start the process, then stop it (SIGSTOP) for longer than the batch's limit (2 s + 20 ms an event).
      await starved.mapEvents([request(defaultMappingDocument("customer"))]);
      process.kill(pid, "SIGSTOP");
      const mapping = starved.mapEvents([request(defaultMappingDocument("customer"))]);
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      process.kill(pid, "SIGCONT");
      const [mapped] = await mapping;
      expect(mapped.violations).toEqual([]);
      expect(restarts).toEqual([]);
    } finally {
      if (pid) process.kill(pid, "SIGCONT");
      await starved.close();
    }
  });
});

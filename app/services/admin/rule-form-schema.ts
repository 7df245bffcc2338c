import { z } from "zod";
import type { RuleFormInput } from "./rule-form";

// The rule form as posted (all text). Only sizes are limited here; what the values mean is checked by
// ruleRowFromForm → parseValidationRule, which reports each problem on its field.
const text = (max: number) => z.string().max(max).default("");
const flag = z.enum(["true", "false", "on", ""]).default("false").transform((value) => value === "true" || value === "on");

export const RuleFormSchema = z.object({
  resource: text(20),
  kind: text(30),
  field: text(255),
  expression: text(5000),
  action: text(20),
  message: text(1000),
  enabled: flag,
  format: text(20),
  pattern: text(1000),
  flags: text(10),
  min: text(40),
  max: text(40),
  values: text(10_000),
  caseInsensitive: flag,
}) satisfies z.ZodType<RuleFormInput, unknown>;

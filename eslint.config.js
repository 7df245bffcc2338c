import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", ".data/**", "test/bench/results/**", "extensions/**", ".cache/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The sync core is pure: no framework, database, Salesforce client or Node built-ins (DESIGN.md §6).
    files: ["app/sync/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*"], message: "app/sync is pure: no Node built-ins." },
            { group: ["@remix-run/*", "@shopify/*", "@prisma/*", "jsforce", "jsforce/*", "pg-boss", "pg", "react"], message: "app/sync is framework-free: use ports." },
            { group: ["../services/*", "../services/**", "../routes/**"], message: "app/sync must not depend on adapters." },
          ],
        },
      ],
    },
  },
);

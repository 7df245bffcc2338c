import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// `npm run test:chaos`: the chaos run of test/chaos/ (CHAOS_SCALE events, default 10,000) on its own, with the
// suite's setup (embedded PostgreSQL, no network).
export default defineConfig({ test: { ...base.test, include: ["test/chaos/**/*.test.ts"], exclude: [] } });

// Regenerates the README's table of Salesforce error codes from app/sync/error-codes.ts:
//   npx tsx scripts/error-codes-table.ts
import { readFileSync, writeFileSync } from "node:fs";
import { ERROR_CODE_TABLE_END, ERROR_CODE_TABLE_START, renderErrorCodeTable } from "../app/sync/error-codes";

const path = new URL("../README.md", import.meta.url);
const readme = readFileSync(path, "utf8");
const start = readme.indexOf(ERROR_CODE_TABLE_START);
const end = readme.indexOf(ERROR_CODE_TABLE_END);
if (start < 0 || end < start) throw new Error(`README.md has no ${ERROR_CODE_TABLE_START} … ${ERROR_CODE_TABLE_END} section`);
writeFileSync(path, `${readme.slice(0, start + ERROR_CODE_TABLE_START.length)}\n${renderErrorCodeTable()}\n${readme.slice(end)}`);
console.log("README.md error code table updated");

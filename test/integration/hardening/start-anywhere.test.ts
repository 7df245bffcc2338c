import { spawn, spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, realpathSync, rmSync, statSync } from "node:fs";
import { chmod } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIfStale, freePort } from "../../e2e/support/production-server";

// A fresh clone in a folder other users cannot enter (root's 0700 home) starts like `npm run demo` starts
// the app — embedded PostgreSQL, migrations, web server, worker — and runs the test suite's global setup.
// As root PostgreSQL runs as another user, who cannot reach the clone: the app must cope.

const ROOT = path.resolve(import.meta.dirname, "../../..");
let home: string;
let clone: string;

function sh(command: string, args: string[], cwd = ROOT) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout.trim();
}

beforeAll(async () => {
  buildIfStale();
  home = mkdtempSync(path.join(os.homedir(), ".sfsync-private-"));
  await chmod(home, 0o700);
  clone = path.join(home, "app");
  // `git clone … ~/app`, at the commit under test; node_modules and the build as `npm install && npm run build`
  // would leave them (hard links: same files, inside the private folder).
  sh("git", ["clone", "--quiet", "--no-checkout", ROOT, clone]);
  sh("git", ["checkout", "--quiet", sh("git", ["rev-parse", "HEAD"])], clone);
  for (const folder of ["node_modules", "build"]) sh("cp", ["-al", path.join(ROOT, folder), path.join(clone, folder)]);
}, 300_000);

afterAll(() => {
  if (!home) return;
  // The database may have been kept outside the private folder (linked from .data/postgres): remove it too.
  const data = path.join(clone, ".data", "postgres");
  if (lstatSync(data, { throwIfNoEntry: false })?.isSymbolicLink()) rmSync(realpathSync(data), { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe("a clone inside a 0700 folder", () => {
  it("lives in a folder only its owner can enter", () => {
    expect(statSync(home).mode & 0o077).toBe(0);
  });

  it("starts the app on its embedded PostgreSQL (what `npm run demo` starts), keeps the database password in a 0600 file, and stops cleanly", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      cwd: clone,
      env: { NODE_ENV: "development", PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), HOST: "127.0.0.1", EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const started = await Promise.race([
      new Promise<boolean>((resolve) => {
        const check = setInterval(() => {
          if (output.includes("Salesforce Sync is running")) {
            clearInterval(check);
            resolve(true);
          }
        }, 100);
        void exited.then(() => {
          clearInterval(check);
          resolve(false);
        });
      }),
    ]);
    expect(started, output).toBe(true);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const passwordFile = path.join(clone, ".data", "postgres.password");
    expect(existsSync(passwordFile)).toBe(true);
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).not.toMatch(/EACCES/);
  }, 180_000);

  it("runs vitest (its embedded PostgreSQL global setup and a test file) from there", () => {
    // A small file: what matters is the global setup, which starts and migrates the embedded PostgreSQL.
    const run = spawnSync(path.join(clone, "node_modules/.bin/vitest"), ["run", "test/unit/services/token-cipher.test.ts"], {
      cwd: clone,
      env: { NODE_ENV: "test", PATH: process.env.PATH, HOME: process.env.HOME, CI: "true" },
      encoding: "utf8",
      timeout: 170_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/[1-9]\d* passed, 0 failed/);
  }, 180_000);
});

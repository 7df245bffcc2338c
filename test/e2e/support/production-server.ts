import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const BUILD_ENTRY = path.join(ROOT, "build/server/index.js");

function newestMtime(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestMtime(path.join(entry, name))));
}

/** `npx remix vite:build` unless build/ is newer than every source it is built from. */
export function buildIfStale(): { built: boolean; ms: number } {
  const started = Date.now();
  let builtAt = 0;
  try {
    builtAt = statSync(BUILD_ENTRY).mtimeMs;
  } catch {
    // no build yet
  }
  const sources = Math.max(newestMtime(path.join(ROOT, "app")), ...["vite.config.ts", "package-lock.json", "tsconfig.json"].map((file) => newestMtime(path.join(ROOT, file))));
  if (builtAt > sources) return { built: false, ms: 0 };
  const build = spawnSync(path.join(ROOT, "node_modules/.bin/remix"), ["vite:build"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NODE_ENV: "production" } });
  if (build.status !== 0) throw new Error(`remix vite:build failed:\n${build.stdout}\n${build.stderr}`);
  return { built: true, ms: Date.now() - started };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface ProductionServer {
  url: string;
  logs: string[];
  stop(): Promise<void>;
}

/** Starts test/e2e/support/serve.ts on `port` with `env` and resolves once it listens. */
export async function startProductionServer(port: number, env: Record<string, string> & { NODE_ENV: "production" | "test" }): Promise<ProductionServer> {
  const logs: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "test/e2e/support/serve.ts")], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join("")}`)), 30_000);
    const onData = (chunk: Buffer) => {
      logs.push(chunk.toString());
      const match = /LISTENING (\S+)/.exec(chunk.toString());
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${logs.join("")}`));
    });
  });
  return {
    url,
    logs,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timeout = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}

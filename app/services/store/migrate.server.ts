import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * Applies prisma/migrations to the database at `databaseUrl` with the Prisma CLI (`migrate deploy`),
 * the same command production runs. The CLI runs on its JS engine (prisma.config.ts).
 */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const prismaCli = path.join(projectRoot, "node_modules", "prisma", "build", "index.js");
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const child = spawn(process.execPath, [prismaCli, "migrate", "deploy"], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`)),
    );
  });
}

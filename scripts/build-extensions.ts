// Builds every admin UI extension in extensions/ as the Shopify CLI does (`shopify app build` / `deploy`):
// esbuild, one bundle per extension whose entry imports each target's module and registers it with
// `shopify.extend(target, …)` (the CLI's entry for Remote DOM API versions, 2025-10 and later), JSX
// compiled automatically with the extension tsconfig's jsxImportSource (Preact). `npm test` runs this
// through test/unit/extensions/build.test.ts; `node --import tsx scripts/build-extensions.ts` writes
// the bundles to extensions/<name>/dist/.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildResult } from "esbuild";
import { parse } from "smol-toml";

export const EXTENSIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../extensions");
/** Shopify's limit for a UI extension's compiled script. */
export const MAX_BUNDLE_BYTES = 64 * 1024;

export interface ExtensionConfig {
  directory: string;
  apiVersion: string;
  handle: string;
  name: string;
  type: string;
  targets: Array<{ target: string; module: string }>;
}

export function readExtensions(root = EXTENSIONS_DIR): ExtensionConfig[] {
  return readdirSync(root)
    .filter((name) => statSync(path.join(root, name)).isDirectory())
    .filter((name) => {
      try {
        return statSync(path.join(root, name, "shopify.extension.toml")).isFile();
      } catch {
        return false;
      }
    })
    .map((name) => {
      const directory = path.join(root, name);
      const toml = parse(readFileSync(path.join(directory, "shopify.extension.toml"), "utf8")) as {
        api_version: string;
        extensions: Array<{ name: string; handle: string; type: string; targeting: Array<{ target: string; module: string }> }>;
      };
      const extension = toml.extensions[0];
      return { directory, apiVersion: toml.api_version, handle: extension.handle, name: extension.name, type: extension.type, targets: extension.targeting };
    });
}

export function entryOf(extension: ExtensionConfig): string {
  // One import per module, one registration per target (two targets may share a module).
  const modules = [...new Set(extension.targets.map((target) => target.module))];
  const imports = modules.map((module, index) => `import Target_${index} from ${JSON.stringify(module)};`);
  const registrations = extension.targets.map(({ target, module }) => `shopify.extend(${JSON.stringify(target)}, (...args) => Target_${modules.indexOf(module)}(...args));`);
  return [...imports, ...registrations].join("\n");
}

export async function bundleExtension(extension: ExtensionConfig, options: { outfile?: string; minify?: boolean } = {}): Promise<{ code: string; result: BuildResult }> {
  const result = await build({
    stdin: { contents: entryOf(extension), resolveDir: extension.directory, sourcefile: `${extension.handle}-entry.js`, loader: "js" },
    bundle: true,
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    jsx: "automatic",
    loader: { ".esnext": "ts", ".js": "jsx" },
    legalComments: "none",
    minify: options.minify ?? true,
    target: "es6",
    resolveExtensions: [".tsx", ".ts", ".js", ".json", ".esnext", ".mjs", ".ejs"],
    write: Boolean(options.outfile),
    outfile: options.outfile ?? path.join(extension.directory, "dist", `${extension.handle}.js`),
    logLevel: "silent",
  });
  const code = options.outfile ? readFileSync(options.outfile, "utf8") : (result.outputFiles?.[0]?.text ?? "");
  return { code, result };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const extension of readExtensions()) {
    const outfile = path.join(extension.directory, "dist", `${extension.handle}.js`);
    const { code } = await bundleExtension(extension, { outfile });
    console.log(`${extension.handle}: ${(code.length / 1024).toFixed(1)} KB → ${path.relative(process.cwd(), outfile)}`);
  }
}

// Summarises a V8 CPU profile (`node --cpu-prof`, or BENCH_CPU_PROF=<dir> for the benchmarks) as text:
// self time per package or app folder, the hottest functions, and the inclusive time of a few markers.
// Usage: node --import tsx test/bench/summarize-profile.ts <file.cpuprofile> [--window=<from>,<to>] [marker ...]
// --window keeps the samples between <from> and <to> seconds before the profile's end (e.g. the load phase).
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const windowArg = args.find((arg) => arg.startsWith("--window="));
const [file, ...markers] = args.filter((arg) => arg !== windowArg);
if (!file) throw new Error("usage: summarize-profile.ts <file.cpuprofile> [marker ...]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const elapsed: number[] = [];
profile.timeDeltas.reduce((sum, delta, index) => (elapsed[index] = sum + delta), 0);
const end = elapsed.at(-1) ?? 0;
const [from, to] = windowArg ? windowArg.slice("--window=".length).split(",").map((s) => end - Number(s) * 1e6) : [0, end];
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, index) => {
  if (elapsed[index] < from || elapsed[index] > to) return;
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});
const total = [...selfMicros.values()].reduce((sum, value) => sum + value, 0);

/** Where a frame's code lives: an npm package, a folder of the app, node's internals, or V8. */
function area(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith("node:")) return url.split("/")[0].replace(/^node:internal.*/, "node:internal");
  const app = /\/(app|build|scripts|test)\/(.*)$/.exec(url);
  if (app) return `${app[1]}/${app[2].split("/").slice(0, app[1] === "build" ? 1 : 2).join("/")}`;
  return url;
}

const table = (map: Map<string, number>, limit: number) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, micros]) => `${((micros / total) * 100).toFixed(1).padStart(5)}%  ${key}`)
    .join("\n");

const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = area(url, functionName);
  byArea.set(where, (byArea.get(where) ?? 0) + micros);
  const key = `${functionName || "(anonymous)"}  ${where}:${lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
}

console.log(`profile ${file}: ${(total / 1e6).toFixed(1)} s sampled`);
console.log(`\nself time by area\n${table(byArea, 25)}`);
console.log(`\nhottest functions (self)\n${table(byFunction, 30)}`);

// Inclusive time of frames whose function name or url contains a marker (each sample counted once).
if (markers.length > 0) {
  const inclusive = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const hit = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const { functionName, url } = byId.get(node)!.callFrame;
      for (const marker of markers) if (functionName.includes(marker) || url.includes(marker)) hit.add(marker);
    }
    for (const marker of hit) inclusive.set(marker, (inclusive.get(marker) ?? 0) + micros);
  }
  console.log(`\ninclusive time of markers\n${table(inclusive, markers.length)}`);
}

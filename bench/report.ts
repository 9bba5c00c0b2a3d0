/**
 * What the benchmarks share: the code as Node-RED loads it (dist/, compiled by tsc), time and
 * memory helpers, and the table rows with ✓/✗ against the targets. A target missed is a
 * measurement, not a failure: the exit code stays 0; bench/run.ts collects the targets (over
 * the IPC channel when it started the benchmark) and says at the end which are met.
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";

const ROOT = path.resolve(__dirname, "..");

/**
 * A module of ours as it ships: dist/<file>.js (what Node-RED loads), typed from its source.
 * tsx would otherwise compile the source again on the fly, with esbuild's name-keeping wrappers
 * around every closure, which the shipped code does not have. `npm run bench` builds first.
 */
export function shipped<T>(file: string): T {
  const js = path.join(ROOT, "dist", `${file}.js`);
  const ts = path.join(ROOT, `${file}.ts`);
  if (!fs.existsSync(js)) throw new Error(`${path.relative(ROOT, js)} is missing: run \`node scripts/build.js\` (npm run bench does)`);
  if (fs.existsSync(ts) && fs.statSync(ts).mtimeMs > fs.statSync(js).mtimeMs) {
    console.warn(`  (warning: ${path.relative(ROOT, js)} is older than ${path.relative(ROOT, ts)}; run \`node scripts/build.js\`)`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(js) as T;
}

export const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

export function requireGc(): void {
  if (!(globalThis as { gc?: unknown }).gc) throw new Error("run with node --expose-gc (npm run bench does)");
}

/** Live JS heap and ArrayBuffer backing stores (typed arrays over 64 bytes live outside the heap). */
export function liveBytes(): { heap: number; arrayBuffers: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, arrayBuffers: m.arrayBuffers };
}

export const now = (): number => performance.now();

export interface Target {
  bench: string;
  name: string;
  value: string;
  target: string;
  met: boolean;
}

const targets: Target[] = [];

/** A table row; with `met`, a target (✓/✗), which bench/run.ts sums up at the end. */
export function row(bench: string, name: string, value: string, target = "", met?: boolean, note = ""): void {
  const mark = met === undefined ? " " : met ? "✓" : "✗";
  console.log(`  ${name.padEnd(46)} ${value.padStart(12)}   ${target.padEnd(14)} ${mark}  ${note}`.trimEnd());
  if (met !== undefined) targets.push({ bench, name, value, target, met });
}

export function header(title: string): void {
  console.log(title);
  console.log(`  ${"".padEnd(46)} ${"measured".padStart(12)}   target`);
}

/** Hands the targets to bench/run.ts when it started this benchmark. */
export function finish(): void {
  if (process.send) process.send({ targets });
}

export const perSecond = (n: number): string => `${Math.round(n).toLocaleString("en-US")}/s`;
export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;
export const int = (n: number): string => Math.round(n).toLocaleString("en-US");

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

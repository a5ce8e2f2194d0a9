/**
 * What every benchmark under test/bench/ shares: reading its arguments, timing in wall and CPU time, rounds that
 * alternate the sides being compared, statistics, and the report it prints.
 *
 * A benchmark prints its report as markdown on stdout; when ONCALL_BENCH_JSON names a file (scripts/bench.mjs sets
 * it) it also writes the report there as JSON, so the suite can assemble docs/benchmarks.md. Benchmarks never
 * assert on times: a missed aim is a figure in the report, not a failure. They exit non-zero only when they could
 * not measure at all.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// ---------------------------------------------------------------------------------------------------------------
// Arguments

/** `--name N` from the command line, or the default. */
export function argNumber(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const n = Number(process.argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} takes a positive number, got ${JSON.stringify(process.argv[i + 1])}`);
  return n;
}

/** `--name 1000,10000` from the command line, or the default. */
export function argNumbers(name: string, dflt: number[]): number[] {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const list = String(process.argv[i + 1] ?? '').split(',').map(Number);
  if (list.length === 0 || list.some((n) => !Number.isFinite(n) || n <= 0)) {
    throw new Error(`--${name} takes positive numbers separated by commas, got ${JSON.stringify(process.argv[i + 1])}`);
  }
  return list;
}

// ---------------------------------------------------------------------------------------------------------------
// Timing

/** One measurement: wall-clock milliseconds and this process's CPU milliseconds (user + system, every thread). */
export interface Sample {
  wall: number;
  cpu: number;
}

export function timeSync(f: () => unknown): Sample {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

export async function timeAsync(f: () => Promise<unknown>): Promise<Sample> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

/**
 * CPU milliseconds of this process's finished children (Linux: cutime + cstime of /proc/self/stat, 10 ms ticks).
 * The difference around a child's whole life is that child's CPU time, once it has been waited for.
 */
export function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the command: state(0) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(11)
  // stime cutime(13) cstime(14).
  const ticks = Number(fields[13]) + Number(fields[14]);
  return ticks * 10;
}

/**
 * Runs each side once per round, rotating which goes first so warm caches, GC debt and the neighbours' load fall
 * on each side in turn. Warm-up rounds are run and thrown away. `before` runs (untimed) before every measurement.
 */
export async function alternate<K extends string, T>(
  sides: Record<K, () => Promise<T> | T>,
  opts: { rounds: number; warmup?: number; before?: () => Promise<void> | void },
): Promise<Record<K, T[]>> {
  const keys = Object.keys(sides) as K[];
  const out = Object.fromEntries(keys.map((k) => [k, [] as T[]])) as Record<K, T[]>;
  const warmup = opts.warmup ?? 1;
  for (let r = 0; r < warmup + opts.rounds; r++) {
    const shift = r % keys.length;
    const order = [...keys.slice(shift), ...keys.slice(0, shift)];
    if (Math.floor(r / keys.length) % 2 === 1) order.reverse();
    for (const k of order) {
      await opts.before?.();
      const v = await sides[k]();
      if (r >= warmup) out[k].push(v);
    }
  }
  return out;
}

let gcFn: (() => void) | undefined;
/** A full garbage collection (V8's gc, exposed at run time: no --expose-gc needed on the command line). */
export function gc(): void {
  if (!gcFn) {
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc') as () => void;
  }
  gcFn();
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics

export interface Stats {
  n: number;
  median: number;
  p10: number;
  p90: number;
  min: number;
  max: number;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function stats(xs: readonly number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), p10: quantile(s, 0.1), p90: quantile(s, 0.9), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}

export const median = (xs: readonly number[]): number => stats(xs).median;

/** Ratio of the medians b / a. */
export function ratio(a: readonly number[], b: readonly number[]): number {
  return median(b) / median(a);
}

/** Statistics of the per-round ratios b[i] / a[i] (the sides were measured side by side in round i). */
export function pairedRatios(a: readonly number[], b: readonly number[]): Stats {
  return stats(b.map((x, i) => x / a[i]));
}

export const walls = (xs: readonly Sample[]): number[] => xs.map((x) => x.wall);
export const cpuTimes = (xs: readonly Sample[]): number[] => xs.map((x) => x.cpu);

// ---------------------------------------------------------------------------------------------------------------
// Formatting

/** Milliseconds with a precision that fits their size. */
export function ms(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toFixed(3);
}

/** "median (p10–p90)" in milliseconds. */
export function msCell(s: Stats): string {
  return `${ms(s.median)} (${ms(s.p10)}–${ms(s.p90)})`;
}

/** "median (min–max)" in milliseconds, for few samples. */
export function msCellMinMax(s: Stats): string {
  return `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})`;
}

export function x(r: number): string {
  return `${r.toFixed(2)}x`;
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** A markdown table. */
export function table(columns: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const esc = (c: string | number) => String(c).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [`| ${columns.map(esc).join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Reports

/** One aim of a benchmark and how the measurement stands against it. met: null when it is a figure without a bar. */
export interface Aim {
  name: string;
  aim: string;
  figure: string;
  met: boolean | null;
}

export interface Report {
  id: string;
  title: string;
  /** Why this is measured: what it protects. */
  purpose: string;
  /** The command that reruns this benchmark alone. */
  command: string;
  /** The body: tables, method and notes, as markdown. */
  markdown: string;
  aims: Aim[];
  startedAt: string;
  /** os.loadavg() when the benchmark started: 1, 5 and 15 minutes. */
  loadAtStart: number[];
  durationMs: number;
}

/** The machine, in one line: CPU model, cores, memory, Node version, load average now. */
export function machineLine(): string {
  const c = cpus();
  return `${c[0]?.model ?? 'unknown CPU'}, ${c.length} cores, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}

/** Collects a benchmark's report; finish() prints it and hands it to the suite. */
export class ReportBuilder {
  private readonly parts: string[] = [];
  private readonly aims: Aim[] = [];
  private readonly started = Date.now();
  private readonly load = loadavg();

  constructor(
    private readonly id: string,
    private readonly title: string,
    private readonly purpose: string,
    private readonly command: string,
  ) {
    console.error(`[bench ${id}] ${machineLine()}`);
  }

  /** A paragraph, list or any markdown block. */
  text(md: string): this {
    this.parts.push(md.trim());
    return this;
  }

  table(columns: readonly string[], rows: readonly (readonly (string | number)[])[]): this {
    this.parts.push(table(columns, rows));
    return this;
  }

  aim(name: string, aim: string, figure: string, met: boolean | null): this {
    this.aims.push({ name, aim, figure, met });
    return this;
  }

  finish(): Report {
    const report: Report = {
      id: this.id,
      title: this.title,
      purpose: this.purpose,
      command: this.command,
      markdown: this.parts.join('\n\n'),
      aims: this.aims,
      startedAt: new Date(this.started).toISOString(),
      loadAtStart: this.load,
      durationMs: Date.now() - this.started,
    };
    console.log(renderReport(report));
    const out = process.env.ONCALL_BENCH_JSON;
    if (out) writeFileSync(out, JSON.stringify(report, null, 2));
    return report;
  }
}

export function verdict(met: boolean | null): string {
  return met === null ? 'figure only' : met ? 'met' : '**missed**';
}

/** A report as markdown: title, purpose, aims, body. */
export function renderReport(r: Report): string {
  const lines = [`## ${r.title}`, '', r.purpose, ''];
  if (r.aims.length) {
    lines.push(table(['aim', 'target', 'measured', 'verdict'], r.aims.map((a) => [a.name, a.aim, a.figure, verdict(a.met)])), '');
  }
  lines.push(r.markdown, '', `Rerun alone: \`${r.command}\` · load average at start ${r.loadAtStart.map((l) => l.toFixed(2)).join(' ')} · took ${(r.durationMs / 1000).toFixed(0)} s`);
  return lines.join('\n');
}

/** Runs a benchmark's main, reporting a failure to measure on stderr with exit code 1. */
export function runBench(main: () => Promise<unknown>): void {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.stack ?? e.message : e);
    process.exitCode = 1;
  });
}

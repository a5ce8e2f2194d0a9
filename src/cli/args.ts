/**
 * A small strict flag parser for the CLI: --flag value, --flag=value, boolean flags, repeated flags, and `--` to end
 * the options. Anything unexpected is a UsageError that says what to write instead.
 */
import { UsageError } from './command';

export interface FlagSpec {
  type: 'string' | 'boolean';
  /** May be given more than once (values are collected in order). */
  multiple?: boolean;
  /** One-letter alias, for example 'h'. */
  short?: string;
}

export type FlagSpecs = Record<string, FlagSpec>;

export interface ParsedArgs {
  /** string for string flags, string[] for multiple ones, true for booleans that were given. */
  flags: Record<string, string | string[] | boolean | undefined>;
  positionals: string[];
}

export function parseArgs(args: readonly string[], specs: FlagSpecs): ParsedArgs {
  const flags: ParsedArgs['flags'] = {};
  const positionals: string[] = [];
  const byShort = new Map(Object.entries(specs).filter(([, s]) => s.short).map(([n, s]) => [s.short!, n]));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
    } else if (/^-[A-Za-z]$/.test(arg)) {
      const long = byShort.get(arg[1]);
      if (!long) throw new UsageError(`Unknown option ${arg}.`);
      name = long;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`Unknown option ${arg}. Options are written --name value or --name=value.`);
    } else {
      positionals.push(arg);
      continue;
    }
    if (!Object.hasOwn(specs, name)) {
      const known = Object.keys(specs).map((k) => `--${k}`).join(', ');
      throw new UsageError(`Unknown option --${name}.${known ? ` Known options: ${known}.` : ''}`);
    }
    const spec = specs[name];
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value (write just --${name}).`);
      flags[name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = args[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(`--${name} needs a value${next ? `; to pass a value that starts with --, write --${name}=${next}` : ''}.`);
      }
      value = next;
      i++;
    }
    if (spec.multiple) {
      const list = (flags[name] as string[] | undefined) ?? [];
      list.push(value);
      flags[name] = list;
    } else {
      if (flags[name] !== undefined) throw new UsageError(`--${name} is given twice; give it once.`);
      flags[name] = value;
    }
  }
  return { flags, positionals };
}

/** The value of a string flag, or undefined. */
export function stringFlag(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags[name];
  return typeof v === 'string' ? v : undefined;
}

export function requireString(p: ParsedArgs, name: string): string {
  const v = stringFlag(p, name);
  if (v === undefined || v.trim() === '') throw new UsageError(`--${name} is required.`);
  return v;
}

export function listFlag(p: ParsedArgs, name: string): string[] {
  const v = p.flags[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function boolFlag(p: ParsedArgs, name: string): boolean {
  return p.flags[name] === true;
}

/** Go-style durations: 90s, 30m, 2h, 1h30m, 1d (days of 24 h). Throws UsageError. */
export function parseDuration(text: string, flag = 'duration'): number {
  const t = text.trim();
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
  let total = 0;
  let at = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t))) {
    total += Number(m[1]) * units[m[2]];
    at = re.lastIndex;
  }
  if (!t || at !== t.length || total <= 0) {
    throw new UsageError(`--${flag} ${JSON.stringify(text)} is not a duration; write for example 30m, 2h or 1h30m.`);
  }
  return Math.round(total);
}

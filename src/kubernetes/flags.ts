/**
 * Flag parsing the way kubectl's (pflag) does it: flags anywhere among the arguments, `--name value`,
 * `--name=value`, `-n value`, `-nvalue`, `-n=value`, grouped boolean shorthands (`-Aw`), `--flag=false` for booleans,
 * and `--` to end the flags. Unknown flags are errors that list what the command accepts.
 */
import { KubectlArgsError } from './errors';

export type FlagType = 'string' | 'bool' | 'int' | 'duration';

export interface FlagDef {
  long: string;
  short?: string;
  type: FlagType;
  /** May be given more than once (values collected in order). */
  repeat?: boolean;
  /** Must be written --flag=value (kubectl's flags with an optional value, such as --dry-run). */
  inlineOnly?: boolean;
}

export interface ParsedFlags {
  values: Map<string, (string | boolean)[]>;
  positionals: string[];
}

/** Flags kubectl takes that choose a cluster or a credential: never from a cell (the notebook chooses). */
const CONNECTION_FLAGS = new Set([
  'context', 'kubeconfig', 'cluster', 'user', 'server', 'token', 'as', 'as-group', 'as-uid', 'username', 'password',
  'certificate-authority', 'client-certificate', 'client-key', 'insecure-skip-tls-verify', 'tls-server-name',
]);

export function parseFlags(words: readonly string[], defs: readonly FlagDef[], command: string): ParsedFlags {
  const values = new Map<string, (string | boolean)[]>();
  const positionals: string[] = [];
  const byLong = new Map(defs.map((d) => [d.long, d]));
  const byShort = new Map(defs.filter((d) => d.short).map((d) => [d.short!, d]));
  const supported = () => defs.map((d) => (d.short ? `-${d.short}/--${d.long}` : `--${d.long}`)).join(', ');

  const set = (def: FlagDef, value: string | boolean) => {
    const list = values.get(def.long) ?? [];
    if (list.length && !def.repeat) list.length = 0; // pflag: the last one wins
    list.push(value);
    values.set(def.long, list);
  };
  const typed = (def: FlagDef, raw: string, shown: string): string | boolean => {
    if (def.type === 'bool') {
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      throw new KubectlArgsError(`invalid argument ${JSON.stringify(raw)} for ${shown}: write ${shown}=true or ${shown}=false (or just ${shown}).`);
    }
    if (def.type === 'int' && !/^-?\d+$/.test(raw)) throw new KubectlArgsError(`invalid argument ${JSON.stringify(raw)} for ${shown}: a whole number is expected.`);
    if (def.type === 'duration') parseGoDuration(raw, shown);
    return raw;
  };

  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      positionals.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=');
      const name = eq < 0 ? w.slice(2) : w.slice(2, eq);
      const inline = eq < 0 ? undefined : w.slice(eq + 1);
      const def = byLong.get(name);
      if (!def) {
        if (CONNECTION_FLAGS.has(name)) {
          throw new KubectlArgsError(`--${name} cannot be set in a runbook cell: the context picker of the notebook (or --context of oncall kubectl) chooses the cluster and the credentials.`);
        }
        if (name === 'follow') throw new KubectlArgsError('kubectl logs --follow is not supported in runbook cells: a cell shows a snapshot; use a terminal to follow logs.');
        throw new KubectlArgsError(`unknown flag --${name} for kubectl ${command}${defs.length ? `; supported flags: ${supported()}` : ''}.`);
      }
      if (def.type === 'bool') {
        set(def, inline === undefined ? true : typed(def, inline, `--${name}`));
      } else if (inline !== undefined) {
        set(def, typed(def, inline, `--${name}`));
      } else if (def.inlineOnly) {
        throw new KubectlArgsError(`--${name} needs a value written --${name}=VALUE.`);
      } else {
        if (i + 1 >= words.length) throw new KubectlArgsError(`flag needs an argument: --${name}`);
        set(def, typed(def, words[++i], `--${name}`));
      }
      continue;
    }
    if (w.startsWith('-') && w.length > 1 && !/^-\d/.test(w)) {
      // A group of shorthands: booleans until one takes a value, which is the rest of the word or the next word.
      for (let k = 1; k < w.length; k++) {
        const c = w[k];
        const def = byShort.get(c);
        if (!def) {
          if (c === 's') throw new KubectlArgsError('-s/--server cannot be set in a runbook cell: the context picker chooses the cluster.');
          if (c === 'f' && command === 'logs') throw new KubectlArgsError('kubectl logs -f is not supported in runbook cells: a cell shows a snapshot; use a terminal to follow logs.');
          throw new KubectlArgsError(`unknown shorthand flag '${c}' in ${w} for kubectl ${command}${defs.length ? `; supported flags: ${supported()}` : ''}.`);
        }
        if (def.type === 'bool') {
          if (w[k + 1] === '=') {
            set(def, typed(def, w.slice(k + 2), `-${c}`));
            break;
          }
          set(def, true);
          continue;
        }
        let value = w.slice(k + 1);
        if (value.startsWith('=')) value = value.slice(1);
        else if (value === '') {
          if (i + 1 >= words.length) throw new KubectlArgsError(`flag needs an argument: '${c}' in -${c}`);
          value = words[++i];
        }
        set(def, typed(def, value, `-${c}`));
        break;
      }
      continue;
    }
    positionals.push(w);
  }
  return { values, positionals };
}

export function flagString(p: ParsedFlags, long: string): string | undefined {
  const v = p.values.get(long);
  return v && v.length ? String(v[v.length - 1]) : undefined;
}

export function flagStrings(p: ParsedFlags, long: string): string[] {
  return (p.values.get(long) ?? []).map(String);
}

export function flagBool(p: ParsedFlags, long: string, fallback = false): boolean {
  const v = p.values.get(long);
  return v && v.length ? v[v.length - 1] === true : fallback;
}

export function flagInt(p: ParsedFlags, long: string): number | undefined {
  const s = flagString(p, long);
  return s === undefined ? undefined : Number(s);
}

const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** A Go duration (300ms, 10s, 1h30m, 1.5h) in seconds. "0" is zero. */
export function parseGoDuration(text: string, flag = 'the duration'): number {
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let at = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    total += Number(m[1]) * UNIT_SECONDS[m[2]];
    at = re.lastIndex;
  }
  if (at !== text.length || at === 0) {
    throw new KubectlArgsError(`invalid argument ${JSON.stringify(text)} for ${flag}: a duration such as 30s, 5m or 1h30m is expected.`);
  }
  return total;
}

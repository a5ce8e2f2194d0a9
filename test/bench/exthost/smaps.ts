/**
 * What the extension host's resident memory is made of, from /proc/self/smaps (Linux): the RSS of every mapping,
 * grouped by kind. glibc's per-thread malloc arenas are recognised by their shape: an anonymous read-write mapping
 * starting on a 64 MiB boundary followed by its inaccessible reserve, the two together exactly 64 MiB.
 */
import { readFileSync } from 'node:fs';

export interface RssBreakdown {
  /** Mapped files: executables, shared libraries, fonts, anything with a path. */
  file: number;
  /** The main malloc arena (brk heap). */
  brk: number;
  /** glibc's other malloc arenas (one per thread that allocated, up to 8 per core). */
  arenas: number;
  arenaCount: number;
  /** Every other anonymous mapping: V8's heap pages and code space, large malloc chunks (mmap), thread stacks. */
  otherAnon: number;
}

const ARENA = 64 * 1024 * 1024;

interface Mapping { start: bigint; end: bigint; perms: string; path: string; rss: number }

export function rssBreakdown(): RssBreakdown | undefined {
  let text: string;
  try {
    text = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return undefined;
  }
  const maps: Mapping[] = [];
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      maps.push({ start: BigInt(`0x${head[1]}`), end: BigInt(`0x${head[2]}`), perms: head[3], path: head[4], rss: 0 });
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && maps.length) maps[maps.length - 1].rss = Number(rss[1]) * 1024;
  }
  const out: RssBreakdown = { file: 0, brk: 0, arenas: 0, arenaCount: 0, otherAnon: 0 };
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i];
    if (m.path.startsWith('/')) out.file += m.rss;
    else if (m.path === '[heap]') out.brk += m.rss;
    else if (m.path === '' || m.path.startsWith('[anon')) {
      const next = maps[i + 1];
      const isArena = m.perms.startsWith('rw') && m.start % BigInt(ARENA) === 0n &&
        ((next && next.start === m.end && next.perms.startsWith('---') && next.end - m.start === BigInt(ARENA)) || m.end - m.start === BigInt(ARENA));
      if (isArena) {
        out.arenas += m.rss;
        out.arenaCount++;
      } else out.otherAnon += m.rss;
    } else out.otherAnon += m.rss; // [stack], [vvar], [vdso]: small
  }
  return out;
}

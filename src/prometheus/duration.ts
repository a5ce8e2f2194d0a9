/**
 * Durations and times written the way Prometheus accepts them.
 *   durations: "1h30m", "5m", "15s", "1d", "1w", "1y", "250ms" (units largest first, each at most once),
 *              or plain seconds "15", "0.5"
 *   times:     unix seconds ("1714644000.5"), RFC 3339 ("2024-05-02T10:00:00Z"), and for people "now", "now-1h"
 */
import { InputError } from '../common/errors';

const UNIT_SECONDS: Record<string, number> = { y: 365 * 86400, w: 7 * 86400, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };
const UNIT_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const PLAIN_SECONDS = /^[+]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Seconds in a duration, or throws InputError naming the accepted forms. */
export function parseDuration(text: string): number {
  const s = text.trim();
  if (PLAIN_SECONDS.test(s)) {
    const n = Number(s);
    if (Number.isFinite(n)) return n;
  }
  const m = s === '' ? null : DURATION.exec(s);
  if (!m || m.slice(1).every((g) => g === undefined)) {
    throw new InputError(
      `"${text}" is not a duration. Write it like Prometheus does: 15s, 5m, 1h30m, 1d, 1w (units largest first), or plain seconds such as 30.`,
    );
  }
  let total = 0;
  UNIT_ORDER.forEach((unit, i) => {
    const g = m[i + 1];
    if (g !== undefined) total += Number(g) * UNIT_SECONDS[unit];
  });
  return total;
}

/** Seconds as a Prometheus duration: 5400 -> "1h30m", 15 -> "15s", 0.25 -> "250ms", 0 -> "0s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return `${seconds}s`;
  let ms = Math.round(seconds * 1000);
  if (ms === 0) return '0s';
  let out = '';
  for (const unit of UNIT_ORDER) {
    const size = Math.round(UNIT_SECONDS[unit] * 1000);
    if (ms >= size) {
      out += `${Math.floor(ms / size)}${unit}`;
      ms %= size;
    }
  }
  return out;
}

/**
 * A time as unix seconds. Accepts unix seconds, RFC 3339, "now", and "now-<duration>" / "now+<duration>".
 * `now` is unix seconds (default: the clock).
 */
export function parseTime(text: string, now: number = Date.now() / 1000): number {
  const s = text.trim();
  if (/^[+-]?\d+(?:\.\d+)?$/.test(s)) return Number(s);
  const rel = /^now(?:\s*([+-])\s*(.+))?$/.exec(s);
  if (rel) {
    if (!rel[1]) return now;
    const d = parseDuration(rel[2]);
    return rel[1] === '-' ? now - d : now + d;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i.test(s)) {
    const ms = Date.parse(s);
    if (Number.isFinite(ms)) return ms / 1000;
  }
  throw new InputError(
    `"${text}" is not a time. Use unix seconds (1714644000), RFC 3339 (2024-05-02T10:00:00Z), "now" or "now-1h".`,
  );
}

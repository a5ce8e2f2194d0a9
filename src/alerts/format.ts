/**
 * Text for people: ages, end times and state labels. Go's zero time (0001-01-01T00:00:00Z), which Alertmanager
 * sends for "no time", is treated as absent everywhere and never shown.
 */
import type { Alert, Silence } from './model';
import { isAck } from './acks';

/** 0001-01-01T00:00:00Z in milliseconds. */
const GO_ZERO_MS = -62135596800000;

/** True for Go's zero time in any spelling (year 1 or earlier), and for an absent or unparseable time. */
export function isZeroTime(iso: string | null | undefined): boolean {
  if (typeof iso !== 'string' || iso.trim() === '') return true;
  if (iso.trim().startsWith('0001-01-01')) return true;
  const ms = Date.parse(iso);
  return !Number.isFinite(ms) || ms <= GO_ZERO_MS;
}

/** 45s, 7m, 2h 05m, 3d 4h. */
export function formatAge(ms: number | null | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '?';
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** 2024-05-01 10:08 UTC; "unknown" for an absent or zero time. */
export function formatTime(iso: string | null | undefined): string {
  if (isZeroTime(iso)) return 'unknown';
  const d = new Date(iso as string);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "ongoing" while the alert has no real end (a firing alert's endsAt is only a lease), else its end time. */
export function formatEnd(alert: Pick<Alert, 'endsAt'>): string {
  return alert.endsAt === null || isZeroTime(alert.endsAt) ? 'ongoing' : formatTime(alert.endsAt);
}

type NameLookup = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

function lookup(names: NameLookup, fingerprint: string): string | undefined {
  if (names instanceof Map) return names.get(fingerprint);
  const rec = names as Readonly<Record<string, string>>;
  return Object.hasOwn(rec, fingerprint) ? rec[fingerprint] : undefined;
}

/** The silences stateLabel can describe: by id, or a list of them. */
export type SilenceLookup = ReadonlyMap<string, SilenceSummary> | readonly Silence[];
export type SilenceSummary = Pick<Silence, 'createdBy' | 'comment' | 'endsAt'>;

const COMMENT_CHARS = 80;

function findSilence(silences: SilenceLookup, id: string): SilenceSummary | undefined {
  if (silences instanceof Map) return silences.get(id);
  return (silences as readonly Silence[]).find((s) => s.id === id);
}

/** "09:40 UTC" within the next 24 hours of `nowMs`, else the full "2024-05-01 10:08 UTC". */
export function formatUntil(iso: string, nowMs: number): string {
  if (isZeroTime(iso)) return 'unknown';
  const ms = Date.parse(iso);
  return ms >= nowMs && ms - nowMs < 86_400_000 ? `${new Date(ms).toISOString().slice(11, 16)} UTC` : formatTime(iso);
}

/** `dana until 09:40 UTC ("rolling back gpt-4o")`: who made the silence, when it ends and its comment (shortened; none for acks). */
export function describeSilence(s: SilenceSummary, nowMs: number): string {
  const who = s.createdBy.replace(/\s+/g, ' ').trim() || 'someone';
  const comment = isAck(s) ? '' : s.comment.replace(/\s+/g, ' ').trim();
  const chars = Array.from(comment);
  const short = chars.length > COMMENT_CHARS ? `${chars.slice(0, COMMENT_CHARS - 1).join('')}…` : comment;
  return `${who} until ${formatUntil(s.endsAt, nowMs)}${short ? ` ("${short}")` : ''}`;
}

/**
 * firing, pending, "inhibited by NodeDown", Alertmanager's own text for anything else, and for a silenced alert
 * who silenced it, until when and why ("silenced by dana until 09:40 UTC ("rolling back")"), or the silence id when
 * that silence is not among `silences`.
 */
export function stateLabel(
  alert: Pick<Alert, 'state' | 'silencedBy' | 'inhibitedBy'>,
  nameOfFingerprint: NameLookup = new Map(),
  silences: SilenceLookup = [],
  nowMs: number = Date.now(),
): string {
  if (alert.state === 'silenced') {
    const by = alert.silencedBy.map((id) => {
      const s = findSilence(silences, id);
      return s ? describeSilence(s, nowMs) : id;
    });
    return by.length ? `silenced by ${by.join(', ')}` : 'silenced';
  }
  if (alert.state === 'inhibited') {
    const names = [...new Set(alert.inhibitedBy.map((f) => lookup(nameOfFingerprint, f) ?? f))];
    return names.length ? `inhibited by ${names.join(', ')}` : 'inhibited';
  }
  return String(alert.state);
}

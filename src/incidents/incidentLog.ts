/**
 * The append-only incident log: one JSON Lines file per incident (default folder `.oncall/incidents/`), named
 * `<YYYY-MM-DD>-<slug>-<short fingerprint>.jsonl` from the incident id.
 *
 * Appending writes ONE whole line ending in "\n" with a single write() on a descriptor opened with O_APPEND, so
 * concurrent writers never interleave inside a line and a crash leaves at most a torn LAST line. Reading never
 * throws for a bad line: it is skipped with a warning that names its line number. (If the log is appended to
 * after such a crash, the next event shares the torn line; the reader keeps that event and skips the fragment.)
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError } from '../common/errors';
import { slugify } from '../postmortem/slug';
import { eventProblem, type IncidentEvent } from './events';
import { redactSecrets } from './redact';

export const DEFAULT_INCIDENT_FOLDER = '.oncall/incidents';
export const INCIDENT_LOG_EXTENSION = '.jsonl';

export interface IncidentIdInput {
  /** When the incident started (the first alert's startsAt). */
  startsAt: string | Date;
  /** A title or the alert name; it becomes the slug. */
  title: string;
  /** The alert's fingerprint; without one, a digest of `labels` (or of the title) is used. */
  fingerprint?: string;
  labels?: Record<string, string>;
}

/** `<YYYY-MM-DD>-<slug>-<short fingerprint>`, the date in UTC. */
export function incidentId(input: IncidentIdInput): string {
  const start = input.startsAt instanceof Date ? input.startsAt : new Date(input.startsAt);
  if (!Number.isFinite(start.getTime())) throw new InputError(`The incident start "${String(input.startsAt)}" is not a time.`);
  const date = start.toISOString().slice(0, 10);
  return `${date}-${slugify(input.title, 40)}-${shortFingerprint(input)}`;
}

/** The incident id of an alert: its name, its start and its fingerprint. */
export function incidentIdForAlert(alert: { labels: Record<string, string>; startsAt: string; fingerprint?: string }): string {
  return incidentId({ startsAt: alert.startsAt, title: alert.labels.alertname ?? 'alert', fingerprint: alert.fingerprint, labels: alert.labels });
}

function shortFingerprint(input: IncidentIdInput): string {
  const fp = (input.fingerprint ?? '').toLowerCase().replace(/[^0-9a-z]/g, '');
  if (fp) return fp.slice(0, 8);
  const basis = input.labels
    ? Object.keys(input.labels).sort().map((k) => `${k}=${input.labels?.[k]}`).join('\n')
    : input.title;
  return createHash('sha256').update(basis).digest('hex').slice(0, 8);
}

/** The log file of an incident inside `folder`. */
export function incidentLogPath(folder: string, id: string): string {
  if (!/^[0-9a-z][0-9a-z-]*$/.test(id)) throw new InputError(`"${id}" is not an incident id (lowercase letters, digits and dashes).`);
  return join(folder, `${id}${INCIDENT_LOG_EXTENSION}`);
}

/** "sha256:<hex>" of a cell's output, for cell-run events. */
export function digestOutput(output: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(output).digest('hex')}`;
}

export interface AppendOptions {
  /** Exact strings (tokens, passwords) that must never reach the file. */
  secrets?: readonly string[];
}

/**
 * Appends one event as one line. The event is validated and redacted first (an invalid event throws InputError
 * and writes nothing); `time` is normalised to UTC. Creates the folder.
 */
export async function appendEvent(file: string, event: IncidentEvent, opts: AppendOptions = {}): Promise<void> {
  const line = eventLine(event, opts.secrets);
  await mkdir(dirname(file), { recursive: true });
  const fh = await open(file, 'a'); // O_WRONLY | O_APPEND | O_CREAT
  try {
    const buf = Buffer.from(line, 'utf8');
    const { bytesWritten } = await fh.write(buf, 0, buf.length);
    if (bytesWritten !== buf.length) {
      throw new Error(`Only ${bytesWritten} of ${buf.length} bytes reached ${file} (disk full?); its last line is torn and will be skipped when read.`);
    }
  } finally {
    await fh.close();
  }
}

/** The exact line appendEvent writes (JSON, "\n"-terminated), after validation and redaction. */
export function eventLine(event: IncidentEvent, secrets: readonly string[] = []): string {
  const problem = eventProblem(event);
  if (problem) throw new InputError(`Not writing an invalid incident event: ${problem}.`);
  // type, time and who first: a reader can find where an event starts (see parseIncidentLog).
  const { type, time, who, ...rest } = event;
  const clean = redactSecrets({ type, time: new Date(time).toISOString(), who, ...rest }, secrets);
  return `${JSON.stringify(clean)}\n`;
}

export interface IncidentLogWarning {
  /** 1-based line number in the file. */
  line: number;
  message: string;
}

export interface IncidentLog {
  events: IncidentEvent[];
  warnings: IncidentLogWarning[];
}

/** Parses the text of a log; bad lines become warnings. */
export function parseIncidentLog(text: string): IncidentLog {
  const events: IncidentEvent[] = [];
  const warnings: IncidentLogWarning[] = [];
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === '') continue;
    const lineNo = i + 1;
    const isLast = i === lines.length - 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      const torn = isLast && !endsWithNewline;
      const recovered = torn ? undefined : recoverAfterTornWrite(raw);
      if (recovered) {
        events.push(recovered);
        warnings.push({ line: lineNo, message: `line ${lineNo}: starts with the fragment of an interrupted write; the fragment was skipped, the event after it kept` });
      } else {
        warnings.push({ line: lineNo, message: `line ${lineNo}: ${torn ? 'incomplete last line (a write was interrupted)' : 'not valid JSON'}; skipped` });
      }
      continue;
    }
    const problem = eventProblem(value);
    if (problem) {
      warnings.push({ line: lineNo, message: `line ${lineNo}: ${problem}; skipped` });
      continue;
    }
    events.push(value as IncidentEvent);
  }
  return { events, warnings };
}

const EVENT_START = '{"type":"';

/**
 * After a crash mid-write, the next append lands on the torn line: `<fragment>{"type":...}`. Every line we write
 * starts with {"type":", so the whole event after the fragment can be found and kept.
 */
function recoverAfterTornWrite(raw: string): IncidentEvent | undefined {
  for (let at = raw.indexOf(EVENT_START, 1); at > 0; at = raw.indexOf(EVENT_START, at + 1)) {
    try {
      const value: unknown = JSON.parse(raw.slice(at));
      if (eventProblem(value) === undefined) return value as IncidentEvent;
    } catch {
      /* not here: try the next start */
    }
  }
  return undefined;
}

/** Reads a log file. Throws InputError only when the file cannot be read at all. */
export async function readIncidentLog(file: string): Promise<IncidentLog> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `There is no incident log at ${file}.` : `Cannot read the incident log ${file} (${code ?? 'error'}).`, { cause: e });
  }
  return parseIncidentLog(text);
}

export interface IncidentLogFile {
  id: string;
  file: string;
}

/** The incident logs in a folder, newest id first (ids start with the date). A missing folder has none. */
export async function listIncidentLogs(folder: string = DEFAULT_INCIDENT_FOLDER): Promise<IncidentLogFile[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return names
    .filter((n) => n.endsWith(INCIDENT_LOG_EXTENSION))
    .sort()
    .reverse()
    .map((n) => ({ id: n.slice(0, -INCIDENT_LOG_EXTENSION.length), file: join(folder, n) }));
}

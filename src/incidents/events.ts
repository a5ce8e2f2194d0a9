/**
 * The events of an incident log. Every event has `type`, `time` (ISO 8601, UTC) and `who` (an engineer, or
 * "alertmanager"/"prometheus" for what the servers reported). Tokens never appear here: see redact.ts.
 */
import type { Matcher } from '../alerts/model';

export type AlertEventSource = 'alertmanager' | 'prometheus';

interface EventBase {
  /** ISO 8601 UTC, for example 2024-05-01T10:00:00.000Z. */
  time: string;
  who: string;
}

export interface AlertFiredEvent extends EventBase {
  type: 'alert-fired';
  source: AlertEventSource;
  alertname: string;
  fingerprint?: string;
  labels: Record<string, string>;
  /** The summary annotation, when the alert has one. */
  summary?: string;
  /** The Alertmanager (by name) or Prometheus that reported it. */
  server?: string;
}

export interface AlertResolvedEvent extends EventBase {
  type: 'alert-resolved';
  source: AlertEventSource;
  alertname: string;
  fingerprint?: string;
  labels?: Record<string, string>;
  server?: string;
}

export interface AcknowledgedEvent extends EventBase {
  type: 'acknowledged';
  alertname?: string;
  fingerprint?: string;
  /** The silence that carries the acknowledgement, when there is one. */
  silenceId?: string;
  comment?: string;
}

export interface SilenceCreatedEvent extends EventBase {
  type: 'silence-created';
  id: string;
  /** The Alertmanager (by name) that holds the silence. */
  source: string;
  matchers: Matcher[];
  comment: string;
  endsAt: string;
}

export interface SilenceExpiredEvent extends EventBase {
  type: 'silence-expired';
  id: string;
  source: string;
}

/** Where a runbook cell ran. */
export type CellTarget =
  | { kind: 'prometheus'; url: string }
  | { kind: 'kubernetes'; context: string; namespace?: string }
  | { kind: 'http'; url: string }
  | { kind: 'other'; description: string };

/** `refused`: stopped before anything was sent (see cellRun.ts); the message says why. */
export type CellOutcome = 'ok' | 'error' | 'cancelled' | 'refused';

export interface CellRunEvent extends EventBase {
  type: 'cell-run';
  /** The runbook file (workspace-relative path or URL). */
  runbook: string;
  cell: { index: number; name: string };
  language: string;
  parameters: Record<string, string>;
  target: CellTarget;
  outcome: CellOutcome;
  message?: string;
  /** "sha256:<hex>" of the cell output (the output itself is not logged). */
  outputDigest?: string;
}

export interface ClusterChangeEvent extends EventBase {
  type: 'cluster-change';
  context: string;
  server: string;
  namespace: string;
  kind: string;
  name: string;
  /** For example rollout-restart, set-env, annotate, patch, rollout-undo, scale. */
  operation: string;
  /** The object (or the part of it the change touches) before the change, for undo. */
  priorState: unknown;
  patch: unknown;
}

export interface GitRevertEvent extends EventBase {
  type: 'git-revert';
  repo: string;
  branch: string;
  reverted: string[];
  newCommits: string[];
}

export interface NoteEvent extends EventBase {
  type: 'note';
  text: string;
}

export type IncidentEvent =
  | AlertFiredEvent
  | AlertResolvedEvent
  | AcknowledgedEvent
  | SilenceCreatedEvent
  | SilenceExpiredEvent
  | CellRunEvent
  | ClusterChangeEvent
  | GitRevertEvent
  | NoteEvent;

export type IncidentEventType = IncidentEvent['type'];

export const EVENT_TYPES: readonly IncidentEventType[] = [
  'alert-fired',
  'alert-resolved',
  'acknowledged',
  'silence-created',
  'silence-expired',
  'cell-run',
  'cluster-change',
  'git-revert',
  'note',
];

type FieldCheck = [field: string, check: (v: unknown) => boolean, what: string];

const isString = (v: unknown) => typeof v === 'string';
const isOptString = (v: unknown) => v === undefined || typeof v === 'string';
const isStringRecord = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
const isOptStringRecord = (v: unknown) => v === undefined || isStringRecord(v);
const isStringArray = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isSource = (v: unknown) => v === 'alertmanager' || v === 'prometheus';
const isPresent = (v: unknown) => v !== undefined;
const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCell = (v: unknown) => isObject(v) && typeof (v as { index?: unknown }).index === 'number' && typeof (v as { name?: unknown }).name === 'string';
const isTarget = (v: unknown) => isObject(v) && typeof (v as { kind?: unknown }).kind === 'string';
const isOutcome = (v: unknown) => v === 'ok' || v === 'error' || v === 'cancelled' || v === 'refused';

/** Required fields per type, beyond time and who. */
const CHECKS: Record<IncidentEventType, FieldCheck[]> = {
  'alert-fired': [['source', isSource, 'alertmanager or prometheus'], ['alertname', isString, 'a string'], ['labels', isStringRecord, 'an object of strings'], ['fingerprint', isOptString, 'a string'], ['summary', isOptString, 'a string']],
  'alert-resolved': [['source', isSource, 'alertmanager or prometheus'], ['alertname', isString, 'a string'], ['fingerprint', isOptString, 'a string'], ['labels', isOptStringRecord, 'an object of strings']],
  acknowledged: [['alertname', isOptString, 'a string'], ['fingerprint', isOptString, 'a string'], ['silenceId', isOptString, 'a string'], ['comment', isOptString, 'a string']],
  'silence-created': [['id', isString, 'a string'], ['source', isString, 'a string'], ['matchers', Array.isArray, 'a list'], ['comment', isString, 'a string'], ['endsAt', isString, 'a time']],
  'silence-expired': [['id', isString, 'a string'], ['source', isString, 'a string']],
  'cell-run': [['runbook', isString, 'a string'], ['cell', isCell, '{index, name}'], ['language', isString, 'a string'], ['parameters', isStringRecord, 'an object of strings'], ['target', isTarget, '{kind, ...}'], ['outcome', isOutcome, 'ok, error, cancelled or refused'], ['message', isOptString, 'a string'], ['outputDigest', isOptString, 'a string']],
  'cluster-change': [['context', isString, 'a string'], ['server', isString, 'a string'], ['namespace', isString, 'a string'], ['kind', isString, 'a string'], ['name', isString, 'a string'], ['operation', isString, 'a string'], ['priorState', isPresent, 'present (null when none)'], ['patch', isPresent, 'present']],
  'git-revert': [['repo', isString, 'a string'], ['branch', isString, 'a string'], ['reverted', isStringArray, 'a list of shas'], ['newCommits', isStringArray, 'a list of shas']],
  note: [['text', isString, 'a string']],
};

/** Why `value` is not an incident event, or undefined when it is one. */
export function eventProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'not a JSON object';
  const v = value as Record<string, unknown>;
  if (typeof v.type !== 'string') return 'no "type"';
  if (!(EVENT_TYPES as readonly string[]).includes(v.type)) return `unknown event type "${v.type}"`;
  if (typeof v.time !== 'string' || !Number.isFinite(Date.parse(v.time))) return `"time" is not an ISO time`;
  if (typeof v.who !== 'string') return `"who" is not a string`;
  for (const [field, check, what] of CHECKS[v.type as IncidentEventType]) {
    if (!check(v[field])) return `${v.type}: "${field}" must be ${what}`;
  }
  return undefined;
}

export function isIncidentEvent(value: unknown): value is IncidentEvent {
  return eventProblem(value) === undefined;
}

/** Events in time order; events with the same time keep their log order. */
export function sortEvents<T extends { time: string }>(events: readonly T[]): T[] {
  return events
    .map((e, i) => ({ e, i, t: Date.parse(e.time) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((x) => x.e);
}

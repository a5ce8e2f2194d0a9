import * as vscode from 'vscode';
import { ACK_MARKER, type Alert, type Matcher, type NewSilence } from '../../alerts/model';
import { formatMatcher, matchersForAlert, parseMatchers } from '../../alerts/matchers';
import { previewSilence } from '../../alerts/silencePreview';
import { ackComment } from '../../alerts/acks';
import { describeError } from '../../common/errors';
import type { AlertsModel } from './alertsModel';
import type { Log } from '../common/log';

export const DURATIONS: { label: string; minutes: number }[] = [
  { label: '30 minutes', minutes: 30 },
  { label: '1 hour', minutes: 60 },
  { label: '2 hours', minutes: 120 },
  { label: '4 hours', minutes: 240 },
  { label: '8 hours', minutes: 480 },
  { label: '24 hours', minutes: 1440 },
];

/** Labels shared by every alert: the matchers that silence exactly a group. */
export function commonLabels(alerts: readonly Alert[]): Record<string, string> {
  if (alerts.length === 0) return {};
  const out: Record<string, string> = { ...alerts[0].labels };
  for (const a of alerts.slice(1)) {
    for (const k of Object.keys(out)) if (a.labels[k] !== out[k]) delete out[k];
  }
  return out;
}

/** Sources that report any of the alerts, so the silence takes effect wherever they fire. */
function sourcesOf(alerts: readonly Alert[], model: AlertsModel): string[] {
  const names = new Set<string>();
  for (const a of alerts) for (const s of a.sources) names.add(s);
  if (names.size === 0) for (const c of model.allClients) names.add(c.source.name);
  return [...names];
}

export interface SilenceResult {
  silence: NewSilence;
  ids: { source: string; id: string }[];
  failures: { source: string; message: string }[];
}

async function createOnSources(model: AlertsModel, sources: string[], silence: NewSilence, log: Log): Promise<SilenceResult> {
  const result: SilenceResult = { silence, ids: [], failures: [] };
  await Promise.all(sources.map(async (name) => {
    const client = model.clientFor(name);
    if (!client) {
      result.failures.push({ source: name, message: 'not configured any more' });
      return;
    }
    try {
      const id = await client.createSilence(silence);
      result.ids.push({ source: name, id });
      log.info('silence', `created ${id} on ${name}: ${silence.matchers.map(formatMatcher).join(', ')} by ${silence.createdBy}`);
    } catch (e) {
      result.failures.push({ source: name, message: describeError(e) });
      log.error('silence', `create on ${name} failed: ${describeError(e)}`);
    }
  }));
  return result;
}

/** The Silence action: matchers prefilled, duration, required comment, an exact preview, then create. */
export async function silenceFlow(model: AlertsModel, target: Alert[], author: string, log: Log): Promise<SilenceResult | undefined> {
  const initial = matchersForAlert(commonLabels(target)).map(formatMatcher).join(', ');
  const text = await vscode.window.showInputBox({
    title: 'Silence: matchers',
    prompt: 'Alertmanager matchers, for example alertname="HighLatency", model=~"gpt-4.*"',
    value: initial,
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        return parseMatchers(v).length ? undefined : 'At least one matcher is required';
      } catch (e) {
        return describeError(e);
      }
    },
  });
  if (text === undefined) return undefined;
  const matchers = parseMatchers(text);
  const duration = await vscode.window.showQuickPick(DURATIONS.map((d) => ({ label: d.label, minutes: d.minutes })), { title: 'Silence: for how long?', ignoreFocusOut: true });
  if (!duration) return undefined;
  const comment = await vscode.window.showInputBox({
    title: 'Silence: comment (required)',
    prompt: 'Why are these alerts silenced? Link the incident or ticket.',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'A comment is required'),
  });
  if (comment === undefined) return undefined;
  const preview = previewSilence(matchers, model.snapshot.alerts);
  const start = new Date();
  const end = new Date(start.getTime() + duration.minutes * 60_000);
  const names = preview.matched.map((a) => `• ${a.labels.alertname ?? '?'} ${Object.entries(a.labels).filter(([k]) => k !== 'alertname').map(([k, v]) => `${k}=${v}`).join(' ')}`);
  const detail = [
    `Matchers: ${matchers.map(formatMatcher).join(', ')}`,
    `Until ${end.toISOString().slice(0, 16).replace('T', ' ')} UTC, by ${author}`,
    '',
    preview.matched.length === 1 ? 'It silences this current alert:' : preview.matched.length ? `It silences these ${preview.matched.length} current alerts:` : 'It silences NO current alert.',
    ...names.slice(0, 20),
    ...(names.length > 20 ? [`… and ${names.length - 20} more`] : []),
    ...(preview.warnings.length ? ['', ...preview.warnings.map((w) => `⚠ ${w}`)] : []),
  ].join('\n');
  const sources = sourcesOf(preview.matched.length ? preview.matched : target, model);
  const ok = await vscode.window.showWarningMessage(`Create a silence on ${sources.join(', ')}?`, { modal: true, detail }, 'Create Silence');
  if (ok !== 'Create Silence') return undefined;
  const result = await createOnSources(model, sources, { matchers, startsAt: start.toISOString(), endsAt: end.toISOString(), createdBy: author, comment }, log);
  void model.refresh();
  return result;
}

/** Acknowledge: a short silence on exactly the alert's labels, marked as an ack. */
export async function acknowledge(model: AlertsModel, alert: Alert, author: string, minutes: number, log: Log): Promise<SilenceResult> {
  const matchers: Matcher[] = matchersForAlert(alert.labels);
  const start = new Date();
  const silence: NewSilence = {
    matchers,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + minutes * 60_000).toISOString(),
    createdBy: author,
    comment: ackComment(author),
  };
  const result = await createOnSources(model, sourcesOf([alert], model), silence, log);
  void model.refresh();
  return result;
}

export { ACK_MARKER };

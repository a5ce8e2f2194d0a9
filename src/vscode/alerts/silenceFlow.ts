import * as vscode from 'vscode';
import { ACK_MARKER, type Alert, type Matcher, type NewSilence } from '../../alerts/model';
import { formatMatcher, matchersForAlert, parseMatchers } from '../../alerts/matchers';
import { previewSilence } from '../../alerts/silencePreview';
import { commonLabels, confirmationDetail, DEFAULT_SILENCE_MINUTES, draftSummary, DURATIONS } from '../../alerts/silenceDraft';
import { ackComment } from '../../alerts/acks';
import { describeError } from '../../common/errors';
import type { AlertsModel } from './alertsModel';
import type { Log } from '../common/log';

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

const EDIT_MATCHERS: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('filter'), tooltip: 'Edit the matchers…' };
const CHANGE_DURATION: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('watch'), tooltip: 'Change the duration…' };

type CommentStep = { kind: 'comment'; comment: string } | { kind: 'matchers' | 'duration'; comment: string } | undefined;

/** The one step of the common case: the comment, with what the silence matches and for how long shown under it. */
function askComment(summary: string, comment: string): Promise<CommentStep> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = 'Silence: comment (required)';
    box.placeholder = 'Why are these alerts silenced? Link the incident or ticket.';
    box.prompt = summary;
    box.value = comment;
    box.ignoreFocusOut = true;
    box.buttons = [EDIT_MATCHERS, CHANGE_DURATION];
    let done = false;
    const finish = (step: CommentStep) => {
      if (done) return;
      done = true;
      resolve(step);
      box.dispose();
    };
    box.onDidChangeValue(() => (box.validationMessage = undefined));
    box.onDidAccept(() => {
      if (box.value.trim()) finish({ kind: 'comment', comment: box.value });
      else box.validationMessage = 'A comment is required';
    });
    box.onDidTriggerButton((b) => finish({ kind: b === EDIT_MATCHERS ? 'matchers' : 'duration', comment: box.value }));
    box.onDidHide(() => finish(undefined));
    box.show();
  });
}

async function askMatchers(current: Matcher[]): Promise<Matcher[] | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Silence: matchers',
    prompt: 'Alertmanager matchers, for example alertname="HighLatency", model=~"gpt-4.*"',
    value: current.map(formatMatcher).join(', '),
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        return parseMatchers(v).length ? undefined : 'At least one matcher is required';
      } catch (e) {
        return describeError(e);
      }
    },
  });
  return text === undefined ? undefined : parseMatchers(text);
}

async function askDuration(current: number): Promise<number | undefined> {
  const items = DURATIONS.map((d) => ({ label: d.label, minutes: d.minutes, description: d.minutes === current ? 'current' : undefined }));
  const pick = await vscode.window.showQuickPick(items, { title: 'Silence: for how long?', ignoreFocusOut: true });
  return pick?.minutes;
}

/**
 * The Silence action. The common case is one step: the matchers of the alert and a 30-minute duration are shown
 * under the required comment, Enter opens the exact preview of the current alerts it silences, and only its
 * confirmation creates the silence. The comment box's buttons change the matchers or the duration first.
 */
export async function silenceFlow(model: AlertsModel, target: Alert[], author: string, log: Log): Promise<SilenceResult | undefined> {
  let matchers = matchersForAlert(commonLabels(target));
  let minutes = DEFAULT_SILENCE_MINUTES;
  let comment = '';
  for (;;) {
    const step = await askComment(draftSummary(matchers, minutes, previewSilence(matchers, model.snapshot.alerts)), comment);
    if (!step) return undefined;
    comment = step.comment;
    if (step.kind === 'comment') break;
    if (step.kind === 'matchers') matchers = (await askMatchers(matchers)) ?? matchers;
    else minutes = (await askDuration(minutes)) ?? minutes;
  }
  const preview = previewSilence(matchers, model.snapshot.alerts);
  const start = new Date();
  const end = new Date(start.getTime() + minutes * 60_000);
  const sources = sourcesOf(preview.matched.length ? preview.matched : target, model);
  const detail = confirmationDetail(matchers, end, author, preview);
  const ok = await vscode.window.showWarningMessage(`Create a silence on ${sources.join(', ')}?`, { modal: true, detail }, 'Create Silence');
  if (ok !== 'Create Silence') return undefined;
  const result = await createOnSources(model, sources, { matchers, startsAt: start.toISOString(), endsAt: end.toISOString(), createdBy: author, comment: comment.trim() }, log);
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

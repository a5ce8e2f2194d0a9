/**
 * What a silence would do before it is created: which current alerts it silences, and the traps people fall into.
 * A negative matcher (!= or !~) also matches every alert that LACKS the label (Alertmanager reads a missing label as
 * the empty string), and a matcher set can easily match every alert.
 */
import type { Alert, Matcher } from './model';
import { formatMatcher, matchesAll, matcherMatches } from './matchers';

export interface SilencePreview {
  matched: Alert[];
  warnings: string[];
}

const MAX_NAMES = 5;

function nameOf(a: Alert): string {
  return a.labels.alertname ?? a.fingerprint;
}

function names(alerts: readonly Alert[]): string {
  const list = [...new Set(alerts.map(nameOf))];
  const shown = list.slice(0, MAX_NAMES).join(', ');
  return list.length > MAX_NAMES ? `${shown} and ${list.length - MAX_NAMES} more` : shown;
}

export function previewSilence(matchers: readonly Matcher[], alerts: readonly Alert[]): SilencePreview {
  const warnings: string[] = [];
  if (matchers.length === 0) {
    return { matched: [], warnings: ['A silence needs at least one matcher; Alertmanager rejects a silence without matchers.'] };
  }
  let matched: Alert[];
  const matchesEmpty = new Map<Matcher, boolean>();
  try {
    for (const m of matchers) matchesEmpty.set(m, matcherMatches(m, {}));
    matched = alerts.filter((a) => matchesAll(matchers, a.labels));
  } catch (e) {
    return { matched: [], warnings: [`Cannot preview these matchers: ${(e as Error).message}`] };
  }
  for (const m of matchers) {
    if (!matchesEmpty.get(m)) continue;
    const lacking = alerts.filter((a) => !Object.hasOwn(a.labels, m.name));
    const kind = m.isEqual ? 'also matches the empty string, so it' : 'is negative, so it';
    let text = `${formatMatcher(m)} ${kind} ALSO matches alerts that lack the label "${m.name}"`;
    const hit = lacking.filter((a) => matched.includes(a));
    text += hit.length
      ? `: of the current alerts, ${hit.length} lack it and are silenced by this (${names(hit)}).`
      : lacking.length
        ? `: ${lacking.length} current alert(s) lack it (${names(lacking)}).`
        : '; none of the current alerts lacks it, but future alerts may.';
    warnings.push(text);
  }
  if (alerts.length > 0 && matched.length === alerts.length) {
    warnings.push(`These matchers match EVERY current alert (${alerts.length}). Check that the silence is not broader than you mean.`);
  } else if (alerts.length > 0 && matched.length === 0) {
    warnings.push('These matchers match none of the current alerts. Check the label names and values for typos.');
  }
  return { matched, warnings };
}

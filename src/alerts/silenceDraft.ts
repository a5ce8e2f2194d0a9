/**
 * The silence an engineer is about to create, as the one-step Silence flow shows it: matchers taken from the alert
 * and a default duration, both shown (and changeable) beside the comment, which is the only thing to type. The
 * confirmation text names exactly which current alerts the silence would silence, before anything is created.
 */
import type { Alert, Matcher } from './model';
import { formatMatcher } from './matchers';
import type { SilencePreview } from './silencePreview';

export const DURATIONS: { label: string; minutes: number }[] = [
  { label: '30 minutes', minutes: 30 },
  { label: '1 hour', minutes: 60 },
  { label: '2 hours', minutes: 120 },
  { label: '4 hours', minutes: 240 },
  { label: '8 hours', minutes: 480 },
  { label: '24 hours', minutes: 1440 },
];

export const DEFAULT_SILENCE_MINUTES = 30;

const MAX_LISTED = 20;

/** "30 minutes", "1 hour", "90 minutes", "1 day". */
export function formatMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? '24 hours' : `${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? '1 hour' : `${minutes / 60} hours`;
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** Labels shared by every alert: the matchers that silence exactly a group. */
export function commonLabels(alerts: readonly Alert[]): Record<string, string> {
  if (alerts.length === 0) return {};
  const out: Record<string, string> = { ...alerts[0].labels };
  for (const a of alerts.slice(1)) {
    for (const k of Object.keys(out)) if (a.labels[k] !== out[k]) delete out[k];
  }
  return out;
}

function countText(n: number): string {
  return n === 1 ? '1 current alert' : `${n} current alerts`;
}

/** The line shown under the comment input: what the silence will match, for how long, and how to change either. */
export function draftSummary(matchers: readonly Matcher[], minutes: number, preview: SilencePreview): string {
  const warn = preview.warnings.length ? ` ⚠ ${preview.warnings.length} warning${preview.warnings.length === 1 ? '' : 's'} in the review.` : '';
  return `Silences ${matchers.map(formatMatcher).join(', ')} for ${formatMinutes(minutes)} (${countText(preview.matched.length)}).${warn} Type why, then Enter to review; the buttons change the matchers or the duration.`;
}

/** The confirmation's detail: matchers, end, author and exactly which current alerts are silenced, with warnings. */
export function confirmationDetail(matchers: readonly Matcher[], end: Date, author: string, preview: SilencePreview): string {
  const names = preview.matched.map((a) => `• ${a.labels.alertname ?? '?'} ${Object.entries(a.labels).filter(([k]) => k !== 'alertname').map(([k, v]) => `${k}=${v}`).join(' ')}`);
  const n = preview.matched.length;
  return [
    `Matchers: ${matchers.map(formatMatcher).join(', ')}`,
    `Until ${end.toISOString().slice(0, 16).replace('T', ' ')} UTC, by ${author}`,
    '',
    n === 1 ? 'It silences this current alert:' : n ? `It silences these ${n} current alerts:` : 'It silences NO current alert.',
    ...names.slice(0, MAX_LISTED),
    ...(names.length > MAX_LISTED ? [`… and ${names.length - MAX_LISTED} more`] : []),
    ...(preview.warnings.length ? ['', ...preview.warnings.map((w) => `⚠ ${w}`)] : []),
  ].join('\n');
}

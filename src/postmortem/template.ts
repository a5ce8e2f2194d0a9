/**
 * `{{name}}` templates. One pass: values are inserted as they are and never re-scanned, so a value that itself
 * contains braces (an alert summary with {{ $labels.model }}) stays literal. A placeholder outside the documented
 * set is left as it is and reported.
 */

/** Every placeholder a postmortem template may use, with what it becomes. */
export const POSTMORTEM_PLACEHOLDERS: Readonly<Record<string, string>> = {
  title: 'The incident title (default: the first alert name and its summary).',
  incidentId: 'The incident id, YYYY-MM-DD-slug-fingerprint.',
  date: 'The UTC date the incident started (YYYY-MM-DD).',
  generatedAt: 'When the draft was made (UTC).',
  author: 'Who made the draft.',
  severity: 'SEV1–SEV4 with its meaning, from the alerts\' severity labels.',
  start: 'Start time (UTC): the first alert fired.',
  end: 'End time (UTC): the last alert resolved, or "ongoing".',
  duration: 'Xh Ym, or "ongoing".',
  period: '"start – end (Xh Ym)" or "start – ongoing".',
  detection: 'How the incident was detected.',
  impact: '"X tenants, Y requests, $Z cost".',
  'impact.tenants': 'Affected tenants (a number) or a TODO.',
  'impact.requests': 'Requests in the window (a number) or a TODO.',
  'impact.cost': 'Token cost in the window ($) or a TODO.',
  timeline: 'Markdown table rows "| Time (UTC) | Event |", one per logged event, in time order.',
  alerts: 'A bullet list of the alerts with their labels.',
  labels: 'The labels all alerts share, as name=value.',
  runbooks: 'A bullet list of the runbooks whose cells ran.',
  rootCause: 'The root cause (a TODO unless given).',
  actionItems: 'Markdown table rows "| Action | Owner | Due Date | Status |" (a TODO row unless given).',
};

export interface RenderedTemplate {
  text: string;
  warnings: string[];
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Replaces known placeholders with `values`; unknown ones stay as they are, each reported once. */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): RenderedTemplate {
  const unknown = new Set<string>();
  const text = template.replace(PLACEHOLDER, (whole, name: string) => {
    if (Object.hasOwn(POSTMORTEM_PLACEHOLDERS, name) && Object.hasOwn(values, name)) return values[name];
    unknown.add(name);
    return whole;
  });
  const warnings = [...unknown].map((n) => `Unknown placeholder {{${n}}} left as it is (known: ${Object.keys(POSTMORTEM_PLACEHOLDERS).join(', ')}).`);
  return { text, warnings };
}

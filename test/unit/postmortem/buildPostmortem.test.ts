// buildPostmortem: the timeline from a fixed incident log, TODOs instead of invented facts, ongoing incidents, templates.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPostmortem, renderPostmortem, formatDuration } from '../../../src/postmortem/buildPostmortem';
import { renderTemplate } from '../../../src/postmortem/template';
import { timelineMarkdown } from '../../../src/postmortem/timeline';
import { DEFAULT_POSTMORTEM_TEMPLATE } from '../../../src/postmortem/defaultTemplate';
import type { IncidentEvent } from '../../../src/incidents/events';
import { EXPECTED_ROWS, FIRED, INCIDENT_EVENTS, RESOLVED } from './fixtures';

const NOW = new Date('2024-05-02T09:00:00Z');

function section(md: string, heading: string): string {
  const start = md.indexOf(`## ${heading}`);
  assert.ok(start >= 0, `no section ${heading}`);
  const next = md.indexOf('\n## ', start + 3);
  return md.slice(start, next < 0 ? undefined : next);
}

function line(md: string, label: string): string {
  const l = md.split('\n').find((x) => x.startsWith(`- **${label}**:`));
  assert.ok(l, `no ${label} line`);
  return l;
}

describe('the timeline', () => {
  test('a fixed incident log gives exactly the expected rows, in time order, in UTC', () => {
    assert.equal(timelineMarkdown(INCIDENT_EVENTS), EXPECTED_ROWS.join('\n'));
  });

  test('the rows sit under the Time (UTC) | Event header of the document', () => {
    const md = buildPostmortem({ events: INCIDENT_EVENTS, now: NOW });
    const tl = section(md, 'Timeline');
    assert.ok(tl.includes(`| Time (UTC) | Event |\n|------------|-------|\n${EXPECTED_ROWS.join('\n')}\n`), tl);
  });
});

describe('the summary', () => {
  test('a resolved incident with measured impact', () => {
    const draft = renderPostmortem({ events: INCIDENT_EVENTS, impact: { tenants: 3, requests: 12345.4, cost: 1042.5 }, incidentId: '2024-05-01-tokencostexplosion-a1b2c3d4', now: NOW });
    const md = draft.markdown;
    assert.deepEqual(draft.warnings, []);
    assert.equal(draft.ongoing, false);
    assert.equal(draft.end, RESOLVED.time);
    assert.ok(md.startsWith('# Postmortem: TokenCostExplosion: Token spend exceeds $0.50/min for tenant acme\n'));
    assert.equal(line(md, 'Severity'), '- **Severity**: SEV2 — Major degradation in key flows');
    assert.equal(line(md, 'Duration'), '- **Duration**: 2024-05-01 10:00:00 UTC – 2024-05-01 11:25:30 UTC (1h 25m)');
    assert.equal(line(md, 'Detection'), '- **Detection**: Alert TokenCostExplosion (alertmanager prod-eu) at 2024-05-01 10:00:00 UTC');
    assert.equal(line(md, 'Impact'), '- **Impact**: 3 tenants, 12,345 requests, $1,042.50 cost');
    assert.match(md, /Drafted by On-Call from the incident log 2024-05-01-tokencostexplosion-a1b2c3d4 on 2024-05-02 09:00:00 UTC/);
    assert.match(section(md, 'Root Cause'), /TODO: root cause/);
    assert.match(section(md, 'Action Items'), /\| TODO: action \| TODO: owner \| TODO: due date \| Open \|/);
    assert.ok(!md.includes('{{'), 'every placeholder of the default template is filled');
  });

  test('unknown impact: TODO markers and no number invented', () => {
    const md = buildPostmortem({ events: INCIDENT_EVENTS, now: NOW });
    const impact = line(md, 'Impact');
    assert.equal(impact, '- **Impact**: TODO: affected tenants, TODO: affected requests, TODO: cost');
    assert.doesNotMatch(impact, /\d/);
    // Partly known: only the known number appears.
    const partial = line(buildPostmortem({ events: INCIDENT_EVENTS, impact: { requests: 10 }, now: NOW }), 'Impact');
    assert.equal(partial, '- **Impact**: TODO: affected tenants, 10 requests, TODO: cost');
  });

  test('an ongoing incident (no resolution logged) says "ongoing"', () => {
    const events = INCIDENT_EVENTS.filter((e) => e.type !== 'alert-resolved');
    const draft = renderPostmortem({ events, now: NOW });
    assert.equal(draft.ongoing, true);
    assert.equal(draft.end, null);
    assert.equal(line(draft.markdown, 'Duration'), '- **Duration**: 2024-05-01 10:00:00 UTC – ongoing');
    assert.equal(draft.values.duration, 'ongoing');
    assert.equal(draft.values.end, 'ongoing');
  });

  test('one of two alerts still firing keeps the incident ongoing; both resolved ends it at the last resolution', () => {
    const second: IncidentEvent = { ...FIRED, time: '2024-05-01T10:30:00.000Z', fingerprint: 'ffff000011112222', labels: { alertname: 'TokenCostExplosion', severity: 'sev1', tenant: 'beta' } };
    const secondResolved: IncidentEvent = { ...RESOLVED, time: '2024-05-01T12:00:00.000Z', fingerprint: 'ffff000011112222' };
    assert.equal(renderPostmortem({ events: [FIRED, second, RESOLVED], now: NOW }).ongoing, true);
    const done = renderPostmortem({ events: [FIRED, second, RESOLVED, secondResolved], now: NOW });
    assert.equal(done.end, '2024-05-01T12:00:00.000Z');
    assert.equal(done.values.duration, '2h 0m');
    assert.equal(done.values.severity, 'SEV1 — User-facing outage, compliance risk, data leak', 'the highest severity wins');
    assert.equal(done.values.labels, 'alertname=TokenCostExplosion');
  });

  test('a log without alerts: every derived fact is a TODO', () => {
    const md = buildPostmortem({ events: [{ type: 'note', time: '2024-05-01T10:00:00Z', who: 'a', text: 'customer report' }], now: NOW });
    assert.match(md, /^# Postmortem: TODO: title$/m);
    assert.equal(line(md, 'Severity'), '- **Severity**: TODO: severity (SEV1–SEV4); no alert carried a known severity label');
    assert.equal(line(md, 'Duration'), '- **Duration**: TODO: start time – TODO: end time');
    assert.match(line(md, 'Detection'), /TODO: how was it detected/);
  });

  test('explicit facts from the caller win', () => {
    const draft = renderPostmortem({
      events: INCIDENT_EVENTS, title: 'Cost spike', severity: 'sev3', detection: 'Customer report', rootCause: 'Agent retry storm.',
      actionItems: [{ action: 'Cap retries | per route', owner: '@platform', due: '2024-05-10' }], now: NOW,
    });
    assert.match(draft.markdown, /^# Postmortem: Cost spike$/m);
    assert.equal(draft.values.severity, 'SEV3 — Limited impact or internal-only issue');
    assert.equal(draft.values.detection, 'Customer report');
    assert.match(section(draft.markdown, 'Root Cause'), /Agent retry storm\./);
    assert.match(section(draft.markdown, 'Action Items'), /\| Cap retries \\\| per route \| @platform \| 2024-05-10 \| Open \|/);
  });

  test('duration format', () => {
    assert.equal(formatDuration(0), '0h 0m');
    assert.equal(formatDuration(59_999), '0h 0m');
    assert.equal(formatDuration(27 * 3_600_000 + 5 * 60_000), '27h 5m');
  });
});

describe('templates', () => {
  test('a repository template: known placeholders filled, unknown ones left as they are with a warning', () => {
    const template = '# {{ title }}\nSev: {{severity}} | {{impact.cost}} | {{owner}} | {{owner}} | {{ $labels.model }}\n';
    const draft = renderPostmortem({ events: INCIDENT_EVENTS, template, impact: { cost: 3 }, now: NOW });
    assert.equal(draft.markdown, '# TokenCostExplosion: Token spend exceeds $0.50/min for tenant acme\nSev: SEV2 — Major degradation in key flows | $3.00 | {{owner}} | {{owner}} | {{ $labels.model }}\n');
    assert.equal(draft.warnings.length, 2);
    assert.match(draft.warnings[0], /Unknown placeholder \{\{owner\}\}/);
    assert.match(draft.warnings[1], /Unknown placeholder \{\{\$labels\.model\}\}/);
  });

  test('values are inserted once and never re-scanned', () => {
    const r = renderTemplate('{{title}} {{severity}}', { title: 'has {{severity}} inside and $& too', severity: 'SEV1' });
    assert.equal(r.text, 'has {{severity}} inside and $& too SEV1');
    assert.deepEqual(r.warnings, []);
  });

  test('the default template carries the seed sections', () => {
    for (const h of ['## Incident Summary', '## Timeline', '## Root Cause', '## Action Items', '| Time (UTC) | Event |', '| Action | Owner | Due Date | Status |']) {
      assert.ok(DEFAULT_POSTMORTEM_TEMPLATE.includes(h), h);
    }
  });
});

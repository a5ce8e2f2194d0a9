import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { commonLabels, confirmationDetail, DEFAULT_SILENCE_MINUTES, draftSummary, DURATIONS, formatMinutes } from '../../../src/alerts/silenceDraft';
import { matchersForAlert, parseMatchers } from '../../../src/alerts/matchers';
import { previewSilence } from '../../../src/alerts/silencePreview';
import { alert } from './fixtures';

describe('silence draft', () => {
  const cost = alert({ alertname: 'TokenCostExplosion', tenant: 'globex', severity: 'sev2' });
  const other = alert({ alertname: 'TokenCostExplosion', tenant: 'acme', severity: 'sev2' });
  const down = alert({ alertname: 'ModelEndpointDown', severity: 'sev1' });

  test('the comment step shows the alert\'s own matchers, the default duration and how many current alerts they silence', () => {
    const matchers = matchersForAlert(commonLabels([cost]));
    const text = draftSummary(matchers, DEFAULT_SILENCE_MINUTES, previewSilence(matchers, [cost, other, down]));
    assert.match(text, /alertname="TokenCostExplosion"/);
    assert.match(text, /tenant="globex"/);
    assert.match(text, /for 30 minutes \(1 current alert\)\./);
    assert.doesNotMatch(text, /warning/);
  });

  test('a group keeps only its shared labels; a broad silence says how many it hits and that the review has warnings', () => {
    const shared = commonLabels([cost, other]);
    assert.deepEqual(shared, { alertname: 'TokenCostExplosion', severity: 'sev2' });
    const everything = parseMatchers('severity=~"sev.*"');
    const text = draftSummary(everything, 120, previewSilence(everything, [cost, other, down]));
    assert.match(text, /for 2 hours \(3 current alerts\)\. ⚠ 1 warning in the review\./);
    assert.deepEqual(commonLabels([]), {});
  });

  test('the confirmation names exactly the alerts silenced, the end time and the author, with warnings', () => {
    const matchers = parseMatchers('alertname="TokenCostExplosion"');
    const detail = confirmationDetail(matchers, new Date('2025-06-01T12:30:00Z'), 'ann', previewSilence(matchers, [cost, other, down]));
    assert.match(detail, /^Matchers: alertname="TokenCostExplosion"$/m);
    assert.match(detail, /^Until 2025-06-01 12:30 UTC, by ann$/m);
    assert.match(detail, /It silences these 2 current alerts:/);
    assert.match(detail, /• TokenCostExplosion tenant=globex severity=sev2/);
    assert.match(detail, /• TokenCostExplosion tenant=acme severity=sev2/);
    assert.doesNotMatch(detail, /ModelEndpointDown/);

    const none = parseMatchers('alertname="Nope"');
    const empty = confirmationDetail(none, new Date('2025-06-01T12:30:00Z'), 'ann', previewSilence(none, [cost]));
    assert.match(empty, /It silences NO current alert\./);
    assert.match(empty, /⚠ These matchers match none of the current alerts/);
  });

  test('a long list is cut after 20 names and says how many more', () => {
    const many = Array.from({ length: 23 }, (_, i) => alert({ alertname: 'Flood', n: String(i) }));
    const m = parseMatchers('alertname="Flood"');
    const detail = confirmationDetail(m, new Date('2025-06-01T12:30:00Z'), 'ann', previewSilence(m, many));
    assert.equal(detail.split('\n').filter((l) => l.startsWith('• ')).length, 20);
    assert.match(detail, /… and 3 more/);
  });

  test('durations read naturally and the default is the first choice', () => {
    assert.equal(DURATIONS[0].minutes, DEFAULT_SILENCE_MINUTES);
    assert.deepEqual([1, 45, 60, 90, 120, 1440, 2880].map(formatMinutes), ['1 minute', '45 minutes', '1 hour', '90 minutes', '2 hours', '24 hours', '2 days']);
    for (const d of DURATIONS) assert.equal(formatMinutes(d.minutes), d.label);
  });
});

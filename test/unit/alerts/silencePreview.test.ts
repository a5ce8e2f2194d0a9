import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { previewSilence } from '../../../src/alerts/silencePreview';
import { formatMatcher, fromApiMatcher, parseMatchers } from '../../../src/alerts/matchers';
import { parseSilence } from '../../../src/alerts/alertmanagerParse';
import { alert } from './fixtures';

describe('silence preview', () => {
  test('case 2: a negative regex matcher matches exactly the alert lacking the label, with a warning; a matcher without isEqual shows as team="db"', () => {
    const m = fromApiMatcher({ name: 'example', value: 'silence1.+', isRegex: true, isEqual: false });
    const a = alert({ alertname: 'A' }, { fingerprint: 'fa' });
    const b = alert({ alertname: 'B', example: 'silence1-x' }, { fingerprint: 'fb' });
    const preview = previewSilence([m], [a, b]);
    assert.deepEqual(preview.matched.map((x) => x.labels.alertname), ['A']);
    const warning = preview.warnings.find((w) => w.includes('example!~"silence1.+"'));
    assert.ok(warning, preview.warnings.join('\n'));
    assert.match(warning, /ALSO matches alerts that lack the label "example"/);
    assert.match(warning, /\(A\)/);

    const stored = parseSilence(
      { id: 's-1', matchers: [{ name: 'team', value: 'db', isRegex: false }], startsAt: '2025-06-01T12:00:00Z', endsAt: '2025-06-01T14:00:00Z', createdBy: 'ann', comment: 'db work', status: { state: 'active' } },
      'am1',
    );
    assert.ok(typeof stored !== 'string', String(stored));
    assert.equal(formatMatcher(stored.matchers[0]), 'team="db"');
  });

  test('!= warns too, and says when no current alert lacks the label', () => {
    const a = alert({ alertname: 'A', team: 'db' });
    const b = alert({ alertname: 'B', team: 'web' });
    const preview = previewSilence(parseMatchers('team!="web"'), [a, b]);
    assert.deepEqual(preview.matched, [a]);
    assert.equal(preview.warnings.length, 1);
    assert.match(preview.warnings[0], /none of the current alerts lacks it/);
  });

  test('warns when the matchers match every alert, and when they match none', () => {
    const a = alert({ alertname: 'A', team: 'db' });
    const b = alert({ alertname: 'B', team: 'db' });
    assert.ok(previewSilence(parseMatchers('team="db"'), [a, b]).warnings.some((w) => /EVERY current alert \(2\)/.test(w)));
    assert.ok(previewSilence(parseMatchers('team="dbb"'), [a, b]).warnings.some((w) => /none of the current alerts/.test(w)));
  });

  test('a positive matcher that matches the empty string also warns about missing labels', () => {
    const a = alert({ alertname: 'A' });
    const b = alert({ alertname: 'B', model: 'gpt' });
    const preview = previewSilence(parseMatchers('alertname=~"A|B", model=~".*"'), [a, b]);
    assert.equal(preview.matched.length, 2);
    assert.ok(preview.warnings.some((w) => /model=~"\.\*" also matches the empty string/.test(w)));
  });

  test('a positive matcher that cannot match the empty string gives no label warning', () => {
    const a = alert({ alertname: 'A', team: 'db' });
    const b = alert({ alertname: 'B', team: 'web' });
    assert.deepEqual(previewSilence(parseMatchers('team="db"'), [a, b]).warnings, []);
  });

  test('no matchers, and a regex that cannot be evaluated, become warnings, not exceptions', () => {
    assert.match(previewSilence([], [alert({ alertname: 'A' })]).warnings[0], /at least one matcher/);
    const bad = [{ name: 'x', value: 'a(?i)b', isRegex: true, isEqual: true }];
    const p = previewSilence(bad, [alert({ alertname: 'A' })]);
    assert.deepEqual(p.matched, []);
    assert.match(p.warnings[0], /Cannot preview/);
  });
});

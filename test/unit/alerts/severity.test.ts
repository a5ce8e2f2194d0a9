import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSeverity, DEFAULT_SEVERITY_MAPPING, SEVERITY_TABLE, severityOf } from '../../../src/alerts/severity';

describe('severity', () => {
  test('the default mapping covers the usual label values, case-insensitively', () => {
    const cases: Array<[string, string]> = [
      ['sev1', 'SEV1'], ['critical', 'SEV1'], ['PAGE', 'SEV1'], ['P1', 'SEV1'],
      ['sev2', 'SEV2'], ['high', 'SEV2'], ['major', 'SEV2'], ['error', 'SEV2'], ['p2', 'SEV2'],
      ['sev3', 'SEV3'], ['Warning', 'SEV3'], ['medium', 'SEV3'], ['minor', 'SEV3'], ['p3', 'SEV3'],
      ['sev4', 'SEV4'], ['info', 'SEV4'], ['low', 'SEV4'], ['none', 'SEV4'], [' p4 ', 'SEV4'],
    ];
    for (const [value, level] of cases) assert.equal(severityOf({ severity: value })?.level, level, value);
  });

  test('the table of the incident practice', () => {
    assert.deepEqual(
      Object.values(SEVERITY_TABLE).map((s) => [s.level, s.responseMinutes, s.responseText]),
      [['SEV1', 5, '5 min'], ['SEV2', 15, '15 min'], ['SEV3', 60, '1 hour'], ['SEV4', 1440, 'next business day']],
    );
    assert.equal(SEVERITY_TABLE.SEV1.criteria, 'User-facing outage, compliance risk, data leak');
    assert.equal(SEVERITY_TABLE.SEV1.notification, 'Page on-call + incident commander');
  });

  test('absent or unknown values give no severity, including Object property names', () => {
    assert.equal(severityOf({}), undefined);
    assert.equal(severityOf({ severity: 'urgent' }), undefined);
    assert.equal(severityOf({ severity: 'constructor' }), undefined);
    assert.equal(severityOf({ severity: '__proto__' }), undefined);
  });

  test('a custom mapping replaces the default', () => {
    assert.equal(severityOf({ severity: 'urgent' }, { urgent: 'SEV1' })?.level, 'SEV1');
    assert.equal(severityOf({ severity: 'sev1' }, { urgent: 'SEV1' }), undefined);
    assert.equal(DEFAULT_SEVERITY_MAPPING.sev1, 'SEV1');
  });

  test('compareSeverity orders SEV1 first and unknown last', () => {
    const list = [undefined, SEVERITY_TABLE.SEV3, SEVERITY_TABLE.SEV1, undefined, SEVERITY_TABLE.SEV4, SEVERITY_TABLE.SEV2];
    assert.deepEqual(list.sort(compareSeverity).map((s) => s?.level ?? '-'), ['SEV1', 'SEV2', 'SEV3', 'SEV4', '-', '-']);
  });
});

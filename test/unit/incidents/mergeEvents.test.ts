import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeEvents } from '../../../src/incidents/mergeEvents';
import type { IncidentEvent } from '../../../src/incidents/events';

const fired: IncidentEvent = { type: 'alert-fired', time: '2024-05-01T10:00:00Z', who: 'alertmanager', source: 'alertmanager', alertname: 'X', fingerprint: 'abc', labels: { alertname: 'X' } };
const ack: IncidentEvent = { type: 'acknowledged', time: '2024-05-01T10:03:00Z', who: 'dana', silenceId: 's-1' };
const run: IncidentEvent = { type: 'note', time: '2024-05-01T10:01:00Z', who: 'dana', text: 'looking' };

test('events known to both the log and Alertmanager appear once, in time order', () => {
  const merged = mergeEvents([ack, run, fired], [fired, { ...ack, who: 'dana', comment: 'from alertmanager' }]);
  assert.deepEqual(merged.map((e) => e.type), ['alert-fired', 'note', 'acknowledged']);
});

test('different acks and different alerts are all kept', () => {
  const merged = mergeEvents([ack, { ...ack, silenceId: 's-2' }], [fired, { ...fired, fingerprint: 'def' }]);
  assert.equal(merged.length, 4);
});

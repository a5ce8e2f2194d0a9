import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ackComment, ackFor, isAck, newAckSilence } from '../../../src/alerts/acks';
import { ACK_MARKER, type Silence } from '../../../src/alerts/model';
import { alert, NOW, minutesAgo } from './fixtures';

function silence(over: Partial<Silence>): Silence {
  return { id: 's', matchers: [], startsAt: minutesAgo(5), endsAt: minutesAgo(-25), createdBy: 'ann', comment: '', state: 'active', updatedAt: null, source: 'am1', ...over };
}

describe('acknowledgements', () => {
  test('the comment carries the marker, the person and the note', () => {
    assert.equal(ackComment('ann', 'looking'), `${ACK_MARKER} acknowledged by ann: looking`);
    assert.equal(ackComment('ann'), `${ACK_MARKER} acknowledged by ann`);
    assert.equal(isAck({ comment: ackComment('ann') }), true);
    assert.equal(isAck({ comment: 'maintenance' }), false);
  });

  test('newAckSilence matches exactly the alert labels for the duration', () => {
    const a = alert({ alertname: 'X', instance: 'n1' });
    const s = newAckSilence(a, 'ann', 30 * 60_000, NOW, 'on it');
    assert.deepEqual(s.matchers.map((m) => [m.name, m.value, m.isEqual, m.isRegex]), [['alertname', 'X', true, false], ['instance', 'n1', true, false]]);
    assert.equal(Date.parse(s.endsAt) - Date.parse(s.startsAt), 30 * 60_000);
    assert.match(s.comment, /^\[oncall:ack\] acknowledged by ann: on it$/);
  });

  test('ackFor finds the newest unexpired ack covering the alert, and ignores ordinary silences', () => {
    const a = alert({ alertname: 'X', instance: 'n1' });
    const ack = newAckSilence(a, 'bob', 30 * 60_000, NOW);
    const silences = [
      silence({ id: 'old', ...ack, createdBy: 'ann', startsAt: minutesAgo(20) }),
      silence({ id: 'new', ...ack, createdBy: 'bob', startsAt: minutesAgo(2) }),
      silence({ id: 'plain', matchers: ack.matchers, comment: 'maintenance', startsAt: minutesAgo(1) }),
      silence({ id: 'expired', ...ack, createdBy: 'eve', startsAt: minutesAgo(1), state: 'expired' }),
      silence({ id: 'other', ...newAckSilence(alert({ alertname: 'Y' }), 'zed', 60_000, NOW), startsAt: minutesAgo(0) }),
    ];
    assert.deepEqual(ackFor(a, silences), { by: 'bob', since: minutesAgo(2), until: ack.endsAt, silenceId: 'new', comment: ack.comment });
    assert.equal(ackFor(alert({ alertname: 'Z' }), silences), undefined);
  });
});

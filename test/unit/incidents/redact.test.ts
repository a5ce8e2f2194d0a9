// redactSecrets: known secrets, credential-like keys and URL credentials never survive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactSecrets, redactString, REDACTED } from '../../../src/incidents/redact';

test('replaces every occurrence of each secret, in values and keys, deep in objects and arrays', () => {
  const input = { a: 'x s3cr3t-token y s3cr3t-token', list: ['s3cr3t-token', 1, null], nested: { 's3cr3t-token': true } };
  const out = redactSecrets(input, ['s3cr3t-token', '']);
  assert.deepEqual(out, { a: `x ${REDACTED} y ${REDACTED}`, list: [REDACTED, 1, null], nested: { [REDACTED]: true } });
  assert.equal(input.a, 'x s3cr3t-token y s3cr3t-token', 'the input is not modified');
});

test('credential-like keys are redacted whatever their value; URL user:password too', () => {
  const out = redactSecrets({ headers: { Authorization: 'Bearer abc', 'X-Api-Key': 'k' }, password: 'p', url: 'https://bob:pw@h.example/x', token: '' });
  assert.deepEqual(out, { headers: { Authorization: REDACTED, 'X-Api-Key': REDACTED }, password: REDACTED, url: `https://${REDACTED}@h.example/x`, token: '' });
});

test('a longer secret wins over a shorter one it contains; dates become ISO; repeated objects are copied', () => {
  const shared = { v: 'abcdef' };
  const out = redactSecrets({ s: 'abcdef', d: new Date('2024-05-01T10:00:00Z'), one: shared, two: shared }, ['abc', 'abcdef']);
  assert.deepEqual(out, { s: REDACTED, d: '2024-05-01T10:00:00.000Z', one: { v: REDACTED }, two: { v: REDACTED } });
});

test('long strings are handled in linear time (no pathological backtracking)', () => {
  const long = 'x'.repeat(2_000_000) + ' https://u:p@h/';
  assert.ok(redactString(long).endsWith(`https://${REDACTED}@h/`));
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, parseDuration } from '../../../src/cli/args';
import { UsageError } from '../../../src/cli/command';

const specs = { alertmanager: { type: 'string' as const, multiple: true }, filter: { type: 'string' as const }, json: { type: 'boolean' as const, short: 'j' } };

describe('CLI flags', () => {
  test('--flag value, --flag=value, booleans, repeated flags, positionals and --', () => {
    const p = parseArgs(['--alertmanager', 'http://a', '--alertmanager=http://b', 'pos', '--filter=a="b"', '-j', '--', '--json'], specs);
    assert.deepEqual(p.flags, { alertmanager: ['http://a', 'http://b'], filter: 'a="b"', json: true });
    assert.deepEqual(p.positionals, ['pos', '--json']);
  });

  test('strictness: unknown flags, missing values, values for booleans, a flag given twice', () => {
    assert.throws(() => parseArgs(['--nope'], specs), (e: unknown) => e instanceof UsageError && /Unknown option --nope/.test(e.message));
    assert.throws(() => parseArgs(['--filter'], specs), /--filter needs a value/);
    assert.throws(() => parseArgs(['--filter', '--json'], specs), /write --filter=--json/);
    assert.throws(() => parseArgs(['--json=yes'], specs), /takes no value/);
    assert.throws(() => parseArgs(['--filter', 'a', '--filter', 'b'], specs), /given twice/);
    assert.throws(() => parseArgs(['-x'], specs), /Unknown option -x/);
  });

  test('durations', () => {
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('1d'), 86_400_000);
    for (const bad of ['', '2', 'h', '-1h', '0m', '2 h', '1h foo']) assert.throws(() => parseDuration(bad), UsageError, bad);
  });
});

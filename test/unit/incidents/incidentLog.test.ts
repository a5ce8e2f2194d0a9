// The incident log: one whole line per append, concurrent writers, torn lines, a writer killed with SIGKILL.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appendEvent,
  digestOutput,
  eventLine,
  incidentId,
  incidentIdForAlert,
  incidentLogPath,
  listIncidentLogs,
  parseIncidentLog,
  readIncidentLog,
} from '../../../src/incidents/incidentLog';
import type { IncidentEvent } from '../../../src/incidents/events';
import { InputError } from '../../../src/common/errors';

const dir = mkdtempSync(join(tmpdir(), 'oncall-incidentlog-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const WRITER = join(__dirname, 'fixtures', 'appendWriter.js');

function runWriter(file: string, writer: string, count: number, pad = 0) {
  return spawn(process.execPath, [WRITER], {
    env: { ...process.env, ONCALL_LOG_FILE: file, ONCALL_WRITER: writer, ONCALL_COUNT: String(count), ONCALL_PAD: String(pad) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function exited(child: ReturnType<typeof spawn>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

const note = (text: string, time = '2024-05-01T10:00:00Z'): IncidentEvent => ({ type: 'note', time, who: 'alice', text });

describe('appendEvent and readIncidentLog', () => {
  test('creates the folder, writes one line per event, reads them back', async () => {
    const file = join(dir, 'nested', 'deeper', 'a.jsonl');
    await appendEvent(file, note('first'));
    await appendEvent(file, { type: 'acknowledged', time: '2024-05-01T12:01:00+02:00', who: 'bob', alertname: 'X' });
    const text = readFileSync(file, 'utf8');
    assert.equal(text.split('\n').length, 3);
    assert.ok(text.endsWith('\n'));
    const log = await readIncidentLog(file);
    assert.deepEqual(log.warnings, []);
    assert.equal(log.events.length, 2);
    assert.equal(log.events[1].time, '2024-05-01T10:01:00.000Z', 'time normalised to UTC');
  });

  test('an invalid event is refused and nothing is written', async () => {
    const file = join(dir, 'invalid.jsonl');
    await assert.rejects(appendEvent(file, { type: 'note', time: 'not a time', who: 'a', text: 't' }), InputError);
    await assert.rejects(appendEvent(file, { type: 'bogus' } as unknown as IncidentEvent), InputError);
    assert.equal(existsSync(file), false);
  });

  test('secrets never reach the file', async () => {
    const file = join(dir, 'secrets.jsonl');
    const token = 'tok-3f9a77c1d2e4b5a6';
    await appendEvent(
      file,
      {
        type: 'cell-run', time: '2024-05-01T10:05:00Z', who: 'alice', runbook: 'runbooks/cost.md', cell: { index: 2, name: 'top tenants' },
        language: 'promql', parameters: { auth: `Bearer ${token}`, url: 'https://user:hunter2@prom.example/api' },
        target: { kind: 'prometheus', url: 'https://user:hunter2@prom.example' }, outcome: 'error', message: `401 for token ${token}`,
      },
      { secrets: [token] },
    );
    const text = readFileSync(file, 'utf8');
    assert.ok(!text.includes(token));
    assert.ok(!text.includes('hunter2'));
    assert.match(text, /\[REDACTED\]/);
    assert.equal((await readIncidentLog(file)).events.length, 1);
  });

  test('a torn last line (half a line written) is skipped with a warning naming its line number', async () => {
    const file = join(dir, 'torn.jsonl');
    await appendEvent(file, note('one'));
    await appendEvent(file, note('two'));
    const whole = eventLine(note('three'));
    appendFileSync(file, whole.slice(0, Math.floor(whole.length / 2)));
    const log = await readIncidentLog(file);
    assert.deepEqual(log.events.map((e) => (e.type === 'note' ? e.text : '')), ['one', 'two']);
    assert.equal(log.warnings.length, 1);
    assert.equal(log.warnings[0].line, 3);
    assert.match(log.warnings[0].message, /^line 3: incomplete last line/);

    // Appending after the crash: the next event lands on the torn line and is still read; only the fragment is lost.
    await appendEvent(file, note('four'));
    await appendEvent(file, note('five'));
    const again = await readIncidentLog(file);
    assert.deepEqual(again.events.map((e) => (e.type === 'note' ? e.text : '')), ['one', 'two', 'four', 'five']);
    assert.deepEqual(again.warnings.map((w) => w.line), [3]);
    assert.match(again.warnings[0].message, /fragment was skipped, the event after it kept/);
  });

  test('bad lines in the middle are skipped with warnings, never thrown', () => {
    const text = [
      JSON.stringify(note('ok 1')),
      '{not json',
      JSON.stringify({ type: 'from-the-future', time: '2024-05-01T10:00:00Z', who: 'x' }),
      JSON.stringify({ type: 'note', time: '2024-05-01T10:00:00Z', who: 'x' }),
      '',
      JSON.stringify(note('ok 2')),
      '',
    ].join('\n');
    const log = parseIncidentLog(text);
    assert.equal(log.events.length, 2);
    assert.deepEqual(log.warnings.map((w) => w.line), [2, 3, 4]);
    assert.match(log.warnings[0].message, /line 2: not valid JSON/);
    assert.match(log.warnings[1].message, /unknown event type "from-the-future"/);
    assert.match(log.warnings[2].message, /"text" must be a string/);
  });

  test('a missing file is a clear InputError', async () => {
    await assert.rejects(readIncidentLog(join(dir, 'nope.jsonl')), /There is no incident log at/);
  });
});

describe('concurrent writers and a killed writer', () => {
  test('several processes appending 1,000 lines each: every line parses, none lost, each writer in order', async () => {
    const file = join(dir, 'concurrent.jsonl');
    const writers = ['w1', 'w2', 'w3', 'w4'];
    const results = await Promise.all(writers.map((w) => exited(runWriter(file, w, 1000, 200))));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    assert.equal(lines.pop(), '', 'ends with a newline');
    assert.equal(lines.length, 4000);
    const log = parseIncidentLog(text);
    assert.deepEqual(log.warnings, []);
    assert.equal(log.events.length, 4000);
    for (const w of writers) {
      const seq = log.events.filter((e) => e.who === w).map((e) => (e.type === 'note' ? Number(e.text.split(':')[1]) : -1));
      assert.deepEqual(seq, Array.from({ length: 1000 }, (_, i) => i), `writer ${w}`);
    }
  });

  test('a writer killed with SIGKILL mid-way leaves at most the last line torn', async (t) => {
    const file = join(dir, 'killed.jsonl');
    const child = runWriter(file, 'k', 0, 64 * 1024);
    const done = exited(child);
    t.after(() => child.kill('SIGKILL'));
    // Wait (by content, not by time) until it has written a good number of lines, then kill it.
    // The deadline only stops a broken writer from hanging the suite.
    const deadline = Date.now() + 120_000;
    while (!existsSync(file) || statSync(file).size < 200 * 64 * 1024) {
      await new Promise((r) => setTimeout(r, 5));
      assert.equal(child.exitCode, null, 'the writer must still be running');
      assert.ok(Date.now() < deadline, `the writer wrote only ${existsSync(file) ? statSync(file).size : 0} bytes`);
    }
    child.kill('SIGKILL');
    const r = await done;
    assert.equal(r.signal, 'SIGKILL');

    const log = await readIncidentLog(file);
    assert.ok(log.warnings.length <= 1, JSON.stringify(log.warnings));
    const lineCount = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').length;
    if (log.warnings.length === 1) assert.equal(log.warnings[0].line, lineCount, 'only the last line may be torn');
    assert.ok(log.events.length >= 150, `only ${log.events.length} events`);
    const seq = log.events.map((e) => (e.type === 'note' ? Number(e.text.split(':')[1]) : -1));
    assert.deepEqual(seq, Array.from({ length: seq.length }, (_, i) => i), 'all other lines intact and in order');
  });
});

describe('incident ids and files', () => {
  test('id: UTC date, slug, short fingerprint', () => {
    assert.equal(incidentId({ startsAt: '2024-05-01T23:30:00-02:00', title: 'Token Cost Explosion!', fingerprint: 'A1B2C3D4E5F60718' }), '2024-05-02-token-cost-explosion-a1b2c3d4');
    assert.equal(
      incidentIdForAlert({ labels: { alertname: 'HighHallucinationRate', model: 'gpt-4o' }, startsAt: '2024-05-01T10:00:00Z', fingerprint: '0123456789abcdef' }),
      '2024-05-01-highhallucinationrate-01234567',
    );
    const a = incidentId({ startsAt: '2024-05-01T10:00:00Z', title: 'x', labels: { a: '1' } });
    const b = incidentId({ startsAt: '2024-05-01T10:00:00Z', title: 'x', labels: { a: '2' } });
    assert.match(a, /^2024-05-01-x-[0-9a-f]{8}$/);
    assert.notEqual(a, b, 'without a fingerprint the labels decide');
    assert.throws(() => incidentId({ startsAt: 'soon', title: 'x' }), InputError);
  });

  test('path and listing', async () => {
    const folder = join(dir, 'list');
    assert.deepEqual(await listIncidentLogs(folder), []);
    assert.throws(() => incidentLogPath(folder, '../escape'), InputError);
    await appendEvent(incidentLogPath(folder, '2024-05-01-a-11111111'), note('a'));
    await appendEvent(incidentLogPath(folder, '2024-05-03-b-22222222'), note('b'));
    writeFileSync(join(folder, 'README.md'), 'not a log');
    assert.deepEqual((await listIncidentLogs(folder)).map((l) => l.id), ['2024-05-03-b-22222222', '2024-05-01-a-11111111']);
  });

  test('output digest', () => {
    assert.equal(digestOutput('abc'), 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

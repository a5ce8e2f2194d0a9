// The incident-log line of a runbook cell: a refused attempt (nothing sent) is logged with its reason and no output
// digest, reads back from a real log file, and reads sensibly in a postmortem's timeline and runbook list.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cellRunEvent, CellRefusedError, refusedCellRun, type CellRunFacts } from '../../../src/incidents/cellRun';
import { eventProblem } from '../../../src/incidents/events';
import { appendEvent, digestOutput, readIncidentLog } from '../../../src/incidents/incidentLog';
import { InputError } from '../../../src/common/errors';
import { describeEvent, timelineMarkdown } from '../../../src/postmortem/timeline';
import { renderPostmortem } from '../../../src/postmortem/buildPostmortem';

const dir = mkdtempSync(join(tmpdir(), 'oncall-cellrun-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const facts = (over: Partial<CellRunFacts> = {}): CellRunFacts => ({
  time: new Date('2024-05-01T10:05:00.000Z'),
  who: 'alice',
  runbook: 'runbooks/cost.runbook.md',
  cell: { index: 2, name: 'restart' },
  language: 'kubectl',
  parameters: { model: 'gpt-4o' },
  target: { kind: 'kubernetes', context: 'prod-eu', namespace: 'llm' },
  ...over,
});

describe('cell-run events', () => {
  test('a refused cell: outcome "refused", the reason, no output digest; a valid incident event', () => {
    const reason = 'Context "prod-eu" is protected (matches "*prod*"): changes are refused.';
    const e = refusedCellRun(facts(), reason);
    assert.deepEqual(e, {
      type: 'cell-run', time: '2024-05-01T10:05:00.000Z', who: 'alice', runbook: 'runbooks/cost.runbook.md', cell: { index: 2, name: 'restart' },
      language: 'kubectl', parameters: { model: 'gpt-4o' }, target: { kind: 'kubernetes', context: 'prod-eu', namespace: 'llm' }, outcome: 'refused', message: reason,
    });
    assert.equal('outputDigest' in e, false);
    assert.equal(eventProblem(e), undefined);
    assert.throws(() => refusedCellRun(facts(), '  '), /needs its reason/);
  });

  test('a cell that ran keeps the digest of its output, never the output', () => {
    const e = cellRunEvent(facts({ language: 'promql', target: { kind: 'prometheus', url: 'http://prom:9090' } }), { outcome: 'ok', message: '3 series', outputText: 'secret-ish output' });
    assert.equal(e.outcome, 'ok');
    assert.equal(e.outputDigest, digestOutput('secret-ish output'));
    assert.equal(JSON.stringify(e).includes('secret-ish output'), false);
    const empty = cellRunEvent(facts(), { outcome: 'error', message: '', outputText: '' });
    assert.equal(empty.message, undefined);
    assert.equal(empty.outputDigest, undefined);
  });

  test('an outcome the log does not know is still rejected', () => {
    assert.match(eventProblem({ ...refusedCellRun(facts(), 'no'), outcome: 'skipped' }) ?? '', /"outcome" must be ok, error, cancelled or refused/);
  });

  test('a refused run is appended as one line and reads back unchanged', async () => {
    const file = join(dir, 'incident.jsonl');
    const refused = refusedCellRun(facts({ language: 'promql', target: { kind: 'other', description: 'promql' }, parameters: {} }), 'cell 1: unknown parameter {{modle}} (declared: model)');
    await appendEvent(file, refused);
    assert.equal(readFileSync(file, 'utf8').split('\n').filter(Boolean).length, 1);
    const log = await readIncidentLog(file);
    assert.deepEqual(log.warnings, []);
    assert.deepEqual(log.events, [refused]);
  });

  test('CellRefusedError is an input error that carries where the cell would have gone', () => {
    const e = new CellRefusedError('locked', { kind: 'kubernetes', context: 'prod-eu' });
    assert.ok(e instanceof InputError);
    assert.deepEqual(e.target, { kind: 'kubernetes', context: 'prod-eu' });
  });
});

describe('refused cells in the postmortem', () => {
  const fired = { type: 'alert-fired' as const, time: '2024-05-01T10:00:00.000Z', who: 'alertmanager', source: 'alertmanager' as const, alertname: 'TokenCostSpike', labels: { alertname: 'TokenCostSpike', severity: 'sev3' } };
  const refused = refusedCellRun(facts(), 'Context "prod-eu" is protected (matches "*prod*"): changes are refused.');
  const ran = cellRunEvent(facts({ time: new Date('2024-05-01T10:07:00.000Z'), runbook: 'runbooks/other.runbook.md', language: 'promql', target: { kind: 'prometheus', url: 'http://prom:9090' } }), { outcome: 'ok', outputText: 'x' });

  test('the timeline says the cell was refused before sending and why, not that it ran', () => {
    const text = describeEvent(refused);
    assert.equal(text, 'Runbook cell "restart" (runbooks/cost.runbook.md, cell 2) refused before sending for alice against Kubernetes context prod-eu, namespace llm with model=gpt-4o → nothing ran: Context "prod-eu" is protected (matches "*prod*"): changes are refused.');
    assert.doesNotMatch(text, /run by/);
    assert.match(timelineMarkdown([fired, refused]), /^\| 2024-05-01 10:05:00 \| Runbook cell "restart" .* refused before sending/m);
  });

  test('a runbook whose cells were all refused is listed as not run', () => {
    const template = '{{runbooks}}\n';
    assert.equal(renderPostmortem({ events: [fired, refused, ran], template }).markdown,
      '- runbooks/cost.runbook.md (cells refused before sending; nothing ran)\n- runbooks/other.runbook.md\n');
    const alsoRan = cellRunEvent(facts({ time: new Date('2024-05-01T10:09:00.000Z') }), { outcome: 'ok' });
    assert.equal(renderPostmortem({ events: [fired, refused, alsoRan], template }).markdown, '- runbooks/cost.runbook.md\n');
  });
});

// The kubectl cells' own parser as the runbook check's judge: what a cell would refuse, the check reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRunbook } from '../../../../src/notebooks/check/index';
import { kubectlParserSupport } from '../../../../src/notebooks/check/kubectlParserSupport';

test('supported commands pass; unsupported verbs, subcommands and flags are named', () => {
  assert.equal(kubectlParserSupport(['get', 'pods', '-n', 'ai']), undefined);
  assert.equal(kubectlParserSupport(['rollout', 'restart', 'deployment/llm-inference', '-n', 'ai']), undefined);
  assert.match(kubectlParserSupport(['delete', 'pod', 'x']) ?? '', /kubectl delete is not supported/);
  assert.match(kubectlParserSupport(['rollout', 'pause', 'deployment/x']) ?? '', /rollout pause is not supported/);
  assert.match(kubectlParserSupport(['scale', 'deployment/x', '--replicas=many']) ?? '', /--replicas/);
});

test('through checkRunbook: a bad flag value is a finding at the command; a parameter with no default may be a number', async () => {
  const text = [
    '---', 'parameters:', '  replicas: { label: replicas }', '---',
    '```kubectl', 'scale deployment/x --replicas={{replicas}} -n ai', '```', '',
    '```kubectl', 'logs deployment/x --tail=lots', '```',
  ].join('\n');
  const f = await checkRunbook(text, 'r.md', { isSupportedKubectl: kubectlParserSupport });
  assert.deepEqual(f.map((x) => `${x.line}:${x.column} ${x.code}`), ['10:1 kubectl-unsupported']);
  assert.match(f[0].message, /--tail/);
});

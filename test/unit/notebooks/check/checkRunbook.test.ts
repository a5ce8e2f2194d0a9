// checkRunbook: each check fires on a bad example at the exact line and column, and stays silent on a good one.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRunbook, builtinKubectlSupport, kubectlVerb, formatFinding, type Finding } from '../../../../src/notebooks/check/index';
import { PrometheusClient } from '../../../../src/prometheus/client';
import { freePort } from '../../../support/process';

/** Findings as compact `line:col code` strings (the message is checked separately where it matters). */
function where(findings: Finding[]): string[] {
  return findings.map((f) => `${f.line}${f.column !== undefined ? `:${f.column}` : ''} ${f.severity} ${f.code}`);
}

async function check(text: string, opts = {}): Promise<Finding[]> {
  return checkRunbook(text, 'r.md', opts);
}

const FRONT = [
  '---',
  'title: Example',
  'parameters:',
  '  namespace: { default: ai }',
  '  model: { label: model }',
  '  window: 5m',
  '  deployment: { default: llm-inference }',
  '---',
];

/** A runbook that passes every check: parameters in labels, ranges, kubectl words and URLs. */
const GOOD = [
  ...FRONT,
  '# Good',
  '',
  '```promql {"name":"rate","range":"1h","step":"1m"}',
  'sum by (model) (rate(llm_requests_total{model={{model}}, namespace={{ namespace }}}[{{window}}]))',
  '  / sum by (model) (rate(llm_requests_total[{{window}}])) # a comment with {{model}}',
  '```',
  '',
  '1. Restart:',
  '',
  '    ```kubectl {name=restart confirm=true}',
  '    rollout restart deployment/{{deployment}} \\',
  '      -n {{namespace}}',
  '    ```',
  '',
  '```http',
  'GET https://status.example.com/api/{{model}}?ns={{namespace}}',
  'Accept: application/json',
  '```',
  '',
  '```sh',
  'echo {{model}}',
  '```',
  '',
  '```json',
  '{"not": "a cell"}',
  '```',
  '',
].join('\n');

describe('checkRunbook: a good runbook', () => {
  test('no findings, LF and CRLF alike, with or without a BOM', async () => {
    assert.deepEqual(await check(GOOD), []);
    assert.deepEqual(await check(GOOD.replace(/\n/g, '\r\n')), []);
    assert.deepEqual(await check(`\uFEFF${GOOD}`), []);
  });

  test('the file name is carried on every finding', async () => {
    const f = await checkRunbook('```promql\nsum(\n```\n', 'runbooks/x.runbook.md');
    assert.equal(f.length, 1);
    assert.equal(f[0].file, 'runbooks/x.runbook.md');
    assert.equal(formatFinding(f[0]), `runbooks/x.runbook.md:2:4: error: ${f[0].message} [promql-syntax]`);
  });
});

describe('PromQL syntax', () => {
  test('an unclosed bracket on the second line of a cell: the line and column in the file', async () => {
    const text = [...FRONT, '', '```promql', 'sum by (model) (', '  rate(llm_requests_total[5m]', ')', '```'].join('\n');
    const f = await check(text);
    assert.deepEqual(where(f), ['11:16 error promql-syntax']);
    assert.match(f[0].message, /"\(" at line 11, column 16 is never closed: add "\)"/);
  });

  test('{{parameters}} in label values, ranges, strings and comments are not syntax errors', async () => {
    const text = [...FRONT, '```promql', 'up{model={{model}}, job="x-{{model}}"}[{{window}}:1m] # {{model}}', '```'].join('\n');
    assert.deepEqual(await check(text), []);
  });

  test('a parameter where no string can stand (offset) is reported at the parameter', async () => {
    const text = [...FRONT, '```promql', 'rate(up[5m] offset {{window}})', '```'].join('\n');
    const f = await check(text);
    assert.deepEqual(where(f), ['10:20 error promql-syntax']);
    assert.match(f[0].message, /^Parameter \{\{window\}\} cannot stand here/);
  });

  test('an error after a parameter: the column counts the {{…}} as written, not the value', async () => {
    const text = [...FRONT, '```promql', 'up{model={{model}}} +', '```'].join('\n');
    const f = await check(text);
    assert.deepEqual(where(f), ['10:22 error promql-syntax']);
    assert.match(f[0].message, /ends too early/);
  });

  test('a function that needs a range vector, an unknown function, an empty cell', async () => {
    const text = ['```promql', 'rate(up)', '```', '', '```promql', 'rat(up[5m])', '```', '', '```promql', '', '```'].join('\n');
    const f = await check(text);
    // The first finding of each cell (the grammar may add follow-up errors after an unknown function).
    const first = f.filter((x, i) => i === 0 || f[i - 1].line !== x.line);
    assert.deepEqual(where(first), ['2:6 error promql-syntax', '6:1 error promql-syntax', '10:1 error promql-syntax']);
    assert.match(first[0].message, /rate\(\) needs a range vector/);
    assert.match(first[1].message, /Unknown function "rat"/);
    assert.match(first[2].message, /empty/);
  });

  test('bad range/step/at attributes are reported at the fence; good ones are not', async () => {
    const bad = ['```promql {"range":"1hour"}', 'up', '```', '', '```promql {at=yesterday}', 'up', '```', '', '```promql {range=1h step=30s at=alert}', 'up', '```'].join('\n');
    const f = await check(bad);
    assert.deepEqual(where(f), ['1 error cell-attributes', '5 error cell-attributes']);
    assert.match(f[0].message, /"1hour" is not a duration/);
    assert.match(f[1].message, /at: "yesterday" is not a time/);
  });
});

describe('parameters and front matter', () => {
  test('an undeclared {{x}} is an error at the reference, with a suggestion for a near name', async () => {
    const text = [...FRONT, '```promql', 'up{model={{modle}}, ns={{namespace}}, x={{unknown}}}', '```'].join('\n');
    const f = await check(text);
    assert.deepEqual(where(f), ['10:10 error unknown-parameter', '10:41 error unknown-parameter']);
    assert.match(f[0].message, /\{\{modle\}\} is not declared.*did you mean \{\{model\}\}/);
    assert.doesNotMatch(f[1].message, /did you mean/);
  });

  test('a runbook without front matter: every reference is undeclared', async () => {
    const f = await check('```kubectl\nget pods -n {{namespace}}\n```\n');
    assert.deepEqual(where(f), ['2:13 error unknown-parameter']);
  });

  test('a parameter with neither default nor label is a warning at its declaration', async () => {
    const text = ['---', 'parameters:', '  namespace: { default: ai }', '  model: { description: which model }', '  tenant:', '  provider: { label: provider }', '---', '# x'].join('\n');
    const f = await check(text);
    assert.deepEqual(where(f), ['4 warning parameter-without-value', '5 warning parameter-without-value']);
    assert.match(f[0].message, /Parameter "model" has neither a default nor a label/);
  });

  test('YAML errors and ignored fields are reported at their lines; the unknown-parameter check waits for valid YAML', async () => {
    const broken = ['---', 'title: x', 'parameters: [oops', '---', '```promql', 'up{a={{anything}}}', '```'].join('\n');
    const f = await check(broken);
    assert.deepEqual(f.map((x) => x.code), ['front-matter']);
    assert.match(f[0].message, /not valid YAML/);

    const ignored = ['---', 'title: [1, 2]', 'parameters:', '  ok: { default: 1 }', '  "bad name": { default: 1 }', '  n: { default: [1] }', '---'].join('\n');
    const g = await check(ignored);
    assert.deepEqual(where(g), ['2 warning front-matter', '5 warning front-matter', '6 warning front-matter']);
    assert.match(g[0].message, /title must be text/);
    assert.match(g[1].message, /"bad name" was ignored/);
    assert.match(g[2].message, /"n": default must be text or a number/);
  });
});

describe('kubectl cells', () => {
  test('a pipe is refused at its column, inside a list item too', async () => {
    const text = ['# x', '', '2. Look:', '', '   ```kubectl', '   get pods -n ai | grep llm', '   ```'].join('\n');
    const f = await check(text);
    assert.deepEqual(where(f), ['6:19 error kubectl-syntax']);
    assert.match(f[0].message, /^an unquoted "\|" would need a shell/);
  });

  test('two commands in one cell, an empty cell, an unsupported verb; kubectl prefix and global flags are fine', async () => {
    const text = [
      '```kubectl', 'get pods', 'get svc', '```', '',
      '```kubectl', '# nothing', '```', '',
      '```kubectl', 'kubectl delete pod x -n ai', '```', '',
      '```kubectl', 'kubectl -n ai --context prod logs deploy/x --tail=10', '```', '',
      '```kubectl', "patch configmap q -n ai --type merge -p '{\"data\":{\"a\":\"1\"}}'", '```',
    ].join('\n');
    const f = await check(text);
    assert.deepEqual(where(f), ['2:1 error kubectl-syntax', '6:1 error kubectl-syntax', '11:1 error kubectl-unsupported']);
    assert.match(f[0].message, /holds 2 commands/);
    assert.match(f[1].message, /no command/);
    assert.match(f[2].message, /do not run "delete"/);
  });

  test('an injected isSupportedKubectl sees the arguments with parameters filled (defaults, else a placeholder)', async () => {
    const seen: string[][] = [];
    const text = [...FRONT, '```kubectl', 'scale deployment/{{deployment}} --replicas=3 -n {{namespace}} -l model={{model}}', '```'].join('\n');
    const f = await check(text, {
      isSupportedKubectl: (args: string[]) => {
        seen.push(args);
        return 'scale is not supported yet.';
      },
    });
    // A parameter without a default is tried as a name, a number and a duration; every attempt was refused here.
    assert.deepEqual(seen, ['example', '1', '5m'].map((v) => ['scale', 'deployment/llm-inference', '--replicas=3', '-n', 'ai', '-l', `model=${v}`]));
    assert.deepEqual(where(f), ['10:1 error kubectl-unsupported']);
    assert.equal(f[0].message, 'scale is not supported yet (checked with placeholder values for {{model}}, which have no default).');
  });

  test('a parameter without a default passes if some typical value (here a number) is accepted', async () => {
    const text = ['---', 'parameters:', '  replicas: { label: replicas }', '---', '```kubectl', 'scale deployment/x --replicas={{replicas}}', '```'].join('\n');
    const integers = (args: string[]) => (/^--replicas=\d+$/.test(args[2]) ? undefined : `invalid argument "${args[2]}"`);
    assert.deepEqual(await check(text, { isSupportedKubectl: integers }), []);
    const never = (args: string[]) => `invalid argument "${args[2]}"`;
    const f = await check(text, { isSupportedKubectl: never });
    assert.equal(f[0].message, 'invalid argument "--replicas=example" (checked with placeholder values for {{replicas}}, which have no default).');
  });

  test('a checker that throws is reported, not propagated', async () => {
    const f = await check('```kubectl\nget pods\n```', { isSupportedKubectl: () => { throw new Error('kubectl get needs a resource'); } });
    assert.deepEqual(where(f), ['2:1 error kubectl-unsupported']);
    assert.match(f[0].message, /needs a resource/);
  });

  test('the built-in verb allowlist skips global flags and their values', () => {
    assert.equal(kubectlVerb(['-n', 'ai', '--context=prod', 'get', 'pods']), 'get');
    assert.equal(kubectlVerb(['--namespace', 'delete', 'get']), 'get');
    assert.equal(kubectlVerb(['-n', 'ai']), undefined);
    for (const verb of ['get', 'describe', 'logs', 'rollout', 'set', 'annotate', 'label', 'patch', 'scale']) assert.equal(builtinKubectlSupport([verb, 'x']), undefined);
    assert.match(builtinKubectlSupport(['exec', 'pod', '--', 'sh']) ?? '', /"exec"/);
    assert.match(builtinKubectlSupport([]) ?? '', /no kubectl verb/);
  });
});

describe('http cells', () => {
  test('POST, a relative URL, a bad header line: errors at the lines concerned; GET and HEAD pass', async () => {
    const text = [
      '```http', 'POST https://api.example.com/v1', '```', '',
      '```http', '# status', '', 'GET /health', '```', '',
      '```http', 'GET https://x.example.com/', 'Accept application/json', '```', '',
      '```http', 'HEAD https://x.example.com/', '```',
    ].join('\n');
    const f = await check(text);
    assert.deepEqual(where(f), ['2:1 error http-cell', '8:1 error http-cell', '13:1 error http-cell']);
    assert.match(f[0].message, /POST is not allowed/);
    assert.match(f[1].message, /not an absolute URL/);
    assert.match(f[2].message, /not a header line/);
  });

  test('a parameter used as the host must be a host name', async () => {
    const text = ['---', 'parameters:', '  host: { default: "not a host" }', '---', '```http', 'GET https://{{host}}/health', '```'].join('\n');
    const f = await check(text);
    assert.deepEqual(where(f), ['6:1 error http-cell']);
    assert.match(f[0].message, /must be a host name/);
  });
});

describe('unclosed fences', () => {
  test('an executable fence that never closes is an error at its line; what it swallowed is not checked as a cell', async () => {
    const text = ['# x', '', '```promql', 'up', '', '## Next', '', 'kubectl delete pod x | sh'].join('\n');
    const f = await check(text);
    assert.deepEqual(where(f), ['3:1 error unclosed-fence']);
    assert.match(f[0].message, /```promql fence never closes, so it swallows the rest of the runbook: add a closing ``` line/);
  });

  test('a fence closed by the next cell\'s closing line: an error naming the fence it ran into', async () => {
    const text = ['# x', '', '```promql', 'up', '', '## Next', '', '```kubectl', 'delete pod x', '```', '', '```kubectl', 'get pods', '```'].join('\n');
    const f = await check(text);
    assert.deepEqual(where(f), ['3:1 error unclosed-fence']);
    assert.match(f[0].message, /```promql fence does not close before the ```kubectl fence at line 8.*before line 8/);
  });

  test('inside a list item an unclosed fence ends with the item: an error naming where, later cells still checked', async () => {
    const text = ['# x', '', '- step', '', '  ```promql', '  up', '', '## Next', '', '```kubectl', 'delete pod x', '```'].join('\n');
    const f = await check(text);
    assert.deepEqual(where(f), ['5:3 error unclosed-fence', '11:1 error kubectl-unsupported']);
    assert.match(f[0].message, /up to line 7, where its list item or quote ends/);
  });

  test('an unclosed fence in another language is a warning; a longer closing fence closes', async () => {
    const text = ['````promql', 'up', '``````', '', '```text', 'notes', '```promql', 'up'].join('\n');
    const f = await check(text);
    assert.deepEqual(where(f), ['5:1 warning unclosed-fence']);
    assert.match(f[0].message, /```text fence never closes, so it swallows the rest of the runbook \(cells included\)/);
  });
});

describe('line numbers', () => {
  const BAD = [
    '---', 'parameters:', '  ns: { default: ai }', '---', '# T', '', '1. First', '', '    ```promql', '    sum(rate(x[5m])', '    ```', '',
    '   > ```kubectl', '   > get pods | wc', '   > ```', '', '~~~http', 'GET {{nope}}', '~~~', '',
  ];
  const EXPECTED = ['10:8 error promql-syntax', '14:15 error kubectl-syntax', '18:5 error unknown-parameter', '18:1 error http-cell'];

  test('LF, CRLF and a BOM give the same lines and columns', async () => {
    const sorted = (f: Finding[]) => where(f).sort();
    for (const eol of ['\n', '\r\n']) {
      for (const bom of ['', '\uFEFF']) {
        assert.deepEqual(sorted(await check(bom + BAD.join(eol))), [...EXPECTED].sort(), JSON.stringify({ eol, bom }));
      }
    }
  });
});

describe('robustness: bad input becomes findings or nothing, never an exception', () => {
  test('a 10 MB line of prose, and a 10 MB PromQL cell', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    assert.deepEqual(await check(big), []);
    const f = await check(`\`\`\`promql\n${big}\n\`\`\``);
    assert.deepEqual(where(f), ['1 warning cell-too-large']);
  });

  test('binary junk, NUL bytes, lone surrogates', async () => {
    let seed = 42;
    const bytes = Buffer.alloc(200_000, 0);
    for (let i = 0; i < bytes.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = (seed >> 16) & 0xff || 1;
    }
    const junk = bytes.toString('latin1');
    const f = await check(junk);
    assert.ok(f.every((x) => x.line >= 1 && typeof x.message === 'string'));
    const nul = await check('# x\n\nabc\0def');
    assert.deepEqual(where(nul), ['3 error binary-file']);
    await check('```promql\nup{a="\uD800"}\n```\n```kubectl\nget \uDC00\n```');
  });

  test('unknown and unreadable fence attributes', async () => {
    const text = ['```promql {colour=blue shape=round}', 'up', '```', '', '```promql {"name": ', 'up', '```', '', '```text {"broken"', 'x', '```'].join('\n');
    const f = await check(text);
    assert.deepEqual(where(f), ['5 warning cell-attributes']);
    assert.match(f[0].message, /attributes could not be read/);
  });

  test('a timeout attribute that is not a number of seconds', async () => {
    const f = await check('```kubectl {timeout=soon}\nget pods\n```\n\n```kubectl {timeout=5}\nget pods\n```');
    assert.deepEqual(where(f), ['1 warning cell-attributes']);
  });
});

describe('stale metrics without a reachable Prometheus', () => {
  test('an unreachable Prometheus is one error naming it; without one the check is skipped', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const text = ['# x', '```promql', 'up + nothing_here', '```', '```promql', 'llm_requests_total', '```'].join('\n');
    assert.deepEqual(await check(text), []);
    const f = await check(text, { prometheus: new PrometheusClient({ baseUrl: url, timeoutMs: 5000 }) });
    assert.deepEqual(where(f), ['3:1 error prometheus-unreachable']);
    assert.ok(f[0].message.includes(url), f[0].message);
  });

  test('cancellation propagates', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const ctrl = new AbortController();
    ctrl.abort();
    await assert.rejects(check('```promql\nup\n```', { prometheus: new PrometheusClient({ baseUrl: url }), signal: ctrl.signal }));
  });
});

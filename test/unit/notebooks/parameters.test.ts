import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { parser } from '@prometheus-io/lezer-promql';
import { promqlString, referencedParameters, resolveParameters, substitute, type SubstitutionResult } from '../../../src/notebooks/index';

function ok(r: SubstitutionResult): { text: string; args?: string[] } {
  if (!r.ok) assert.fail(r.message);
  return r;
}

function failure(r: SubstitutionResult): { message: string; parameter?: string } {
  if (r.ok) assert.fail(`expected an error, got ${JSON.stringify(r.text)}`);
  return r;
}

/** Decodes a Go/PromQL double-quoted string literal. */
function goUnquote(lit: string): string {
  assert.ok(lit.startsWith('"') && lit.endsWith('"'), lit);
  let out = '';
  for (let i = 1; i < lit.length - 1; i++) {
    const c = lit[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = lit[++i];
    if (e === 'n') out += '\n';
    else if (e === 'r') out += '\r';
    else if (e === 't') out += '\t';
    else if (e === 'x') {
      out += String.fromCharCode(parseInt(lit.slice(i + 1, i + 3), 16));
      i += 2;
    } else out += e;
  }
  return out;
}

/** The string literals of a PromQL expression, after checking that Prometheus' grammar parses it. */
function promqlStrings(expr: string): string[] {
  const tree = parser.parse(expr);
  const strings: string[] = [];
  tree.iterate({
    enter: (n) => {
      assert.ok(!n.type.isError, `PromQL syntax error at ${n.from} in ${expr}`);
      if (n.name === 'StringLiteral') strings.push(expr.slice(n.from, n.to));
    },
  });
  return strings;
}

const HOSTILE = ['gpt-4o', 'a"b\\', 'line1\nline2\r\tend', 'ünïcödé 模型 ✓ 🚀', '"} or vector(1) #', '\u0001\u007f', "it's", '{{model}}'];

describe('parameters', () => {
  test('resolveParameters: override, then alert label, then default; missing listed', () => {
    const specs = [
      { name: 'namespace', label: 'namespace', default: 'ai' },
      { name: 'instance', label: 'instance' },
      { name: 'pod', label: 'pod_name', default: 'p0' },
      { name: 'model', label: 'model' },
      { name: 'deployment', label: 'deployment', default: 'llm-inference' },
    ];
    const r = resolveParameters(specs, { namespace: 'prod', instance: '10.0.0.1:9090', pod_name: 'llm-7', model: '' }, { deployment: 'canary', model: '' });
    assert.deepEqual([...r.values], [
      ['namespace', 'prod'],
      ['instance', '10.0.0.1:9090'],
      ['pod', 'llm-7'],
      ['deployment', 'canary'],
    ]);
    assert.deepEqual([...r.sources], [
      ['namespace', 'alert'],
      ['instance', 'alert'],
      ['pod', 'alert'],
      ['deployment', 'override'],
    ]);
    assert.deepEqual(r.missing, ['model']);
    const none = resolveParameters(specs);
    assert.deepEqual(none.missing, ['instance', 'model']);
    assert.equal(none.values.get('namespace'), 'ai');
  });

  test('referencedParameters finds {{name}} and {{ name }} once each, not Go templates', () => {
    assert.deepEqual(referencedParameters('a {{x}} {{ y }} {{x}} {{.metadata.name}} {{ range .items }} {{z-1}}'), ['x', 'y', 'z-1']);
  });

  test('PromQL: a value becomes a string literal, escaped for ", \\, newlines, controls; unicode kept', () => {
    assert.equal(ok(substitute('llm_requests_total{model={{model}}}', 'promql', { model: 'gpt-4o' })).text, 'llm_requests_total{model="gpt-4o"}');
    assert.equal(promqlString('a"b\\'), '"a\\"b\\\\"');
    assert.equal(promqlString('x\ny'), '"x\\ny"');
    assert.equal(promqlString('模型 ✓'), '"模型 ✓"');
    for (const value of HOSTILE) {
      const text = ok(substitute('sum(rate(llm_requests_total{model={{ model }}, job="api"}[5m]))', 'PromQL', { model: value })).text;
      const strings = promqlStrings(text);
      assert.equal(strings.length, 2, text);
      assert.equal(goUnquote(strings[0]), value, text);
      assert.equal(strings[1], '"api"');
    }
  });

  test('PromQL: inside an existing string the value is escaped without extra quotes; ranges take durations', () => {
    for (const value of HOSTILE) {
      const text = ok(substitute('up{job="pre-{{job}}-post"}', 'promql', { job: value })).text;
      assert.equal(goUnquote(promqlStrings(text)[0]), `pre-${value}-post`);
    }
    assert.equal(ok(substitute('rate(x[{{w}}])', 'promql', { w: '5m' })).text, 'rate(x[5m])');
    assert.equal(ok(substitute('max_over_time(x[{{w}}:{{s}}])', 'promql', { w: '1h30m', s: '30s' })).text, 'max_over_time(x[1h30m:30s])');
    const bad = failure(substitute('rate(x[{{w}}])', 'promql', { w: '5m]) or vector(1) #' }, { cell: 'error-rate' }));
    assert.match(bad.message, /^Cell "error-rate": parameter "w" is used in a range/);
    assert.equal(bad.parameter, 'w');
    assert.match(failure(substitute('x{a=`{{v}}`}', 'promql', { v: 'a`b' })).message, /backquote/);
    assert.equal(ok(substitute('x{a=`{{v}}`} # {{v}}', 'promql', { v: 'a"b' })).text, 'x{a=`a"b`} # "a\\"b"');
  });

  test('kubectl: words first, so hostile values stay one argument verbatim', () => {
    const cell = 'rollout restart deployment/{{deployment}} -n {{namespace}}';
    const r = ok(substitute(cell, 'kubectl', { deployment: 'x; rm -rf /', namespace: '$(id)' }));
    assert.deepEqual(r.args, ['rollout', 'restart', 'deployment/x; rm -rf /', '-n', '$(id)']);
    assert.equal(r.text, "kubectl rollout restart 'deployment/x; rm -rf /' -n '$(id)'");
    const values = { a: "it's \"quoted\" `x` | & > < \\ \n two lines", b: '   ' };
    const r2 = ok(substitute('kubectl get pods -l app={{ a }} --field-selector "x={{b}}" \\\n  -o wide # {{a}} in a comment', 'kubectl', values));
    assert.deepEqual(r2.args, ['get', 'pods', '-l', `app=${values.a}`, '--field-selector', `x=${values.b}`, '-o', 'wide']);
    assert.deepEqual(ok(substitute("get pods -o 'jsonpath={.items[*].metadata.name}'", 'kubectl', {})).args, ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}']);
  });

  test('kubectl: shell syntax in the cell is refused with its position', () => {
    const cases: [string, RegExp][] = [
      ['get pods | grep x', /line 1, column 10: an unquoted "\|" would need a shell/],
      ['get pods; delete pod x', /unquoted ";"/],
      ['get pods > out.txt', /unquoted ">"/],
      ['get pods < in', /unquoted "<"/],
      ['get pods &', /unquoted "&"/],
      ['get pods `id`', /unquoted "`"/],
      ['get pods $(id)', /"\$\(" \(an expansion\)/],
      ['get pods -n $NS', /"\$N" \(an expansion\)/],
      ['get pods -n "$(id)"', /"\$\(" \(an expansion\)/],
      ["get pods 'unclosed", /single quote is never closed/],
      ['get pods\ndelete pod x', /holds 2 commands/],
      ['', /holds no kubectl command/],
    ];
    for (const [cell, re] of cases) {
      const r = failure(substitute(cell, 'kubectl', {}, { cell: 'pods' }));
      assert.match(r.message, /^Cell "pods": /);
      assert.match(r.message, re, cell);
    }
    assert.deepEqual(ok(substitute("get pods | grep x".replace('|', "'|'"), 'kubectl', {})).args, ['get', 'pods', '|', 'grep', 'x']);
  });

  test('sh: values are single-quoted words; real shells (sh, bash) print them back exactly', () => {
    const values = ["it's", '$(echo INJECTED)', '`echo INJECTED`', '"; echo INJECTED; "', 'two\nlines', '\\ back \\\\ slash', "'", '!event', '${HOME}'];
    const templates = [
      "printf '%s|' {{v}}",
      'printf \'%s|\' "pre-{{v}}-post"',
      "printf '%s|' 'pre-{{v}}-post'",
      "printf '%s|' $'pre\\t{{v}}'",
      "printf '%s|' \"$(printf '%s' {{v}})\"",
      "printf '%s|' \"`printf '%s' {{v}}`\"",
      "printf '%s|' ${UNSET_VAR:-{{v}}}",
      'printf \'%s|\' {{v}} # and {{ v }} in a comment is fine when it has no line break',
    ];
    const expected = [
      (v: string) => v,
      (v: string) => `pre-${v}-post`,
      (v: string) => `pre-${v}-post`,
      null,
      (v: string) => v,
      (v: string) => v,
      (v: string) => v,
      (v: string) => v,
    ];
    for (const v of values) {
      for (let t = 0; t < templates.length; t++) {
        const r = substitute(templates[t], 'sh', { v });
        if (t === 7 && v.includes('\n')) {
          assert.match(failure(r).message, /line break and is used in a # comment/);
          continue;
        }
        const text = ok(r).text;
        // $'…' is bash (and zsh) syntax; POSIX sh gets the other forms.
        for (const shell of t === 3 ? ['/bin/bash'] : ['/bin/sh', '/bin/bash']) {
        const res = spawnSync(shell, ['-c', text], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent' } });
        assert.equal(res.status, 0, `${shell}: ${text}\n${res.stderr}`);
        assert.doesNotMatch(res.stdout, /INJECTED\|/, text);
        const want = expected[t];
        if (want) {
          // Command substitution drops trailing newlines, as any shell does; the value itself arrived intact.
          const got = res.stdout.replace(/\|$/, '');
          assert.equal(got, t === 4 || t === 5 ? want(v).replace(/\n+$/, '') : want(v), text);
        } else {
          assert.ok(res.stdout.startsWith('pre\t'), text);
          assert.equal(res.stdout.slice(4).replace(/\|$/, ''), v, text);
        }
        }
      }
    }
  });

  test('sh: a reference inside a here-document is refused', () => {
    const r = failure(substitute("cat <<EOF\nvalue {{v}}\nEOF\necho {{v}}", 'sh', { v: 'x' }));
    assert.match(r.message, /here-document/);
    assert.equal(ok(substitute("cat <<'EOF'\nno refs\nEOF\necho {{v}}", 'sh', { v: 'x y' })).text, "cat <<'EOF'\nno refs\nEOF\necho 'x y'");
  });

  test('http: URL path and query values are percent-encoded; host checked; headers and JSON body safe', () => {
    const cell = [
      '# check the model',
      'GET https://{{host}}/v1/models/{{ model }}?namespace={{ns}}&q=1 HTTP/1.1',
      'X-Tenant: {{ns}}',
      '',
      '{"model": "{{model}}", "ns": {{ns}}}',
    ].join('\n');
    const text = ok(substitute(cell, 'http', { host: 'models.internal:8080', model: 'a/b c?"', ns: 'x&y=z' })).text;
    assert.equal(
      text,
      [
        '# check the model',
        'GET https://models.internal:8080/v1/models/a%2Fb%20c%3F%22?namespace=x%26y%3Dz&q=1 HTTP/1.1',
        'X-Tenant: x&y=z',
        '',
        '{"model": "a/b c?\\"", "ns": "x&y=z"}',
      ].join('\n'),
    );
    assert.deepEqual(JSON.parse(text.split('\n')[4]), { model: 'a/b c?"', ns: 'x&y=z' });
    assert.match(failure(substitute('GET http://{{host}}/x', 'http', { host: 'evil.example/x?' })).message, /URL host/);
    assert.match(failure(substitute('GET http://h/x\nX-A: {{v}}', 'http', { v: 'a\r\nX-Evil: 1' })).message, /header/);
    assert.match(failure(substitute('{{m}} http://h/x', 'http', { m: 'GET' })).message, /outside the URL/);
    assert.equal(ok(substitute('POST http://h/x\nContent-Type: application/x-www-form-urlencoded\n\na={{v}}', 'http', { v: 'b&c' })).text.split('\n')[3], 'a=b%26c');
  });

  test('unknown, undeclared and empty parameters are errors naming the parameter and the cell', () => {
    const unknown = failure(substitute('up{model={{model}}}', 'promql', { namespace: 'ai' }, { cell: 'endpoint-up' }));
    assert.equal(unknown.parameter, 'model');
    assert.match(unknown.message, /^Cell "endpoint-up": parameter "model" is unknown/);
    const empty = failure(substitute('rollout restart deployment/{{deployment}}', 'kubectl', { deployment: '' }, { cell: 'restart' }));
    assert.match(empty.message, /^Cell "restart": parameter "deployment" is empty/);
    const undeclared = failure(substitute('echo {{x}}', 'sh', { x: '1' }, { cell: 'c', declared: ['y'] }));
    assert.match(undeclared.message, /parameter "x" is not declared; add it under parameters:/);
    const noValue = failure(substitute('echo {{y}}', 'sh', new Map(), { declared: ['y'] }));
    assert.match(noValue.message, /^The cell: parameter "y" has no value/);
    assert.match(failure(substitute('echo {{x}}', 'sh', { x: '\uD800' })).message, /lone surrogate/);
    assert.match(failure(substitute('echo {{x}}', 'sh', { x: 'a\0b' })).message, /NUL/);
    assert.match(failure(substitute('x {{y}}', 'yaml', { y: '1' })).message, /yaml cells do not take parameters/);
    assert.equal(ok(substitute('no refs', 'yaml', {})).text, 'no refs');
  });
});

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fc from 'fast-check';
import { parser } from '@prometheus-io/lezer-promql';
import { parseRunbook, serializeRunbook, substitute, type RawCell } from '../../../src/notebooks/index';

// ONCALL_PROPERTY_RUNS raises the count for a longer hunt; the default keeps the suite fast.
const RUNS = Math.max(2000, Number(process.env.ONCALL_PROPERTY_RUNS ?? 3000));

// ---- random Markdown-ish documents, built from fragments (arrays of lines) ----

const textUnit = fc.constantFrom('a', 'b', 'z', ' ', ' ', '`', '~', '<', '>', '#', '-', '*', '{', '}', '"', '\\', '1', '.', '|', '\t', 'ü', '=', '$', '\0');
const text = (max = 12) => fc.string({ unit: textUnit, minLength: 0, maxLength: max });
const fenceLike = fc.constantFrom('```', '~~~', '````', '~~~~~', '  ```', '    ```', '```sh', '~~~ promql', '`````', '\t```', ' ~~~ ');
const bodyLine = fc.oneof({ weight: 4, arbitrary: text(16) }, { weight: 1, arbitrary: fenceLike }, { weight: 1, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('  indented', '\ttabbed', '   ', '<div>', '---', '- item') });
const info = fc.constantFrom('promql', 'PromQL', 'kubectl {name=x confirm=true}', 'sh {"name":"a","n":1}', 'http', 'sh', 'SH', 'bash', 'yaml', '', 'promql name=x', ' sh ', 'sh {broken', 'markdown', 'kubectl{ name=y }');

interface FenceSpec {
  char: '`' | '~';
  len: number;
  info: string;
  body: string[];
  closed: boolean;
  extraClose: number;
  closeIndent: string;
}
const fenceSpec: fc.Arbitrary<FenceSpec> = fc.record({
  char: fc.constantFrom('`' as const, '~' as const),
  len: fc.integer({ min: 3, max: 5 }),
  info,
  body: fc.array(bodyLine, { maxLength: 4 }),
  closed: fc.boolean(),
  extraClose: fc.integer({ min: 0, max: 2 }),
  closeIndent: fc.constantFrom('', '', ' ', '   '),
});
function fenceLines(f: FenceSpec, open: string, cont: string): string[] {
  const marker = f.char.repeat(f.len);
  const lines = [open + marker + f.info, ...f.body.map((l) => (l === '' ? '' : cont + l))];
  if (f.closed) lines.push(cont + f.closeIndent + f.char.repeat(f.len + f.extraClose));
  return lines;
}

const fragment: fc.Arbitrary<string[]> = fc.oneof(
  text(20).map((t) => [`# ${t}`]),
  fc.array(text(20), { minLength: 1, maxLength: 3 }),
  fc.constant<string[]>(['']),
  fc.constantFrom<string[]>(['  '], ['\t'], ['---'], ['***'], ['    ```sh', '    x'], ['| a | b |', '|---|---|', '| 1 | 2 |']),
  fc.constantFrom<string[]>(['<div>', '```sh', 'x', '```', '</div>'], ['<!--', '```promql', 'up', '```', '-->'], ['<!-- one line -->'], ['kubectl get pod <pod-name> -n <namespace>']),
  fc.tuple(fc.constantFrom('', ' ', '  ', '   '), fenceSpec).map(([indent, f]) => fenceLines(f, indent, indent)),
  // A fence inside a list item, indented to the item content (or one more).
  fc.tuple(fc.constantFrom('1. ', '- ', '* ', '10) ', '1.\t', '-   '), text(10), fc.boolean(), fc.constantFrom('', ' '), fenceSpec).map(([marker, t, blank, extra, f]) => {
    const width = marker === '1.\t' ? '    ' : ' '.repeat(marker.length);
    const pad = width + extra;
    return [marker + t, ...(blank ? [''] : []), ...fenceLines(f, pad, pad)];
  }),
  // A fence opened on the list marker line.
  fc.tuple(fc.constantFrom('- ', '1. ', '> '), fenceSpec).map(([marker, f]) => fenceLines(f, marker, marker === '> ' ? '> ' : ' '.repeat(marker.length))),
  // A fence in a blockquote, every line prefixed.
  fenceSpec.map((f) => fenceLines(f, '', '').map((l) => (l === '' ? '>' : `> ${l}`))),
);

const frontMatter = fc.constantFrom<string[] | undefined>(undefined, undefined, ['---', 'title: x', 'parameters:', '  a: {}', '---'], ['---', 'a: [', '---'], ['---', '---'], ['---', 'x: 1', '...'], ['---', 'unclosed: true']);

interface Doc {
  text: string;
}
const doc: fc.Arbitrary<Doc> = fc
  .record({
    bom: fc.boolean(),
    fm: frontMatter,
    fragments: fc.array(fragment, { maxLength: 8 }),
    eolMode: fc.constantFrom('lf', 'crlf', 'mixed'),
    eols: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 64, maxLength: 64 }),
    finalNewline: fc.boolean(),
  })
  .map(({ bom, fm, fragments, eolMode, eols, finalNewline }) => {
    const lines = [...(fm ?? []), ...fragments.flat()];
    let out = bom ? '\uFEFF' : '';
    lines.forEach((l, i) => {
      out += l;
      if (i < lines.length - 1 || finalNewline) out += eolMode === 'lf' ? '\n' : eolMode === 'crlf' ? '\r\n' : eols[i % eols.length];
    });
    return { text: out };
  });

function summary(cells: RawCell[]) {
  return cells.map((c) => ({ kind: c.kind, language: c.language, value: c.value, attributes: c.metadata.attributes ?? {} }));
}

const attrValue = fc.oneof(text(6), fc.integer({ min: -5, max: 100 }), fc.boolean(), fc.constantFrom('true', '12', 'a b', 'x"y', 'a`b', ''));
const edit = fc.record({
  kind: fc.constantFrom('body', 'attributes', 'both', 'none'),
  body: fc.array(bodyLine, { maxLength: 5 }).map((ls) => ls.join('\n')),
  attributes: fc.dictionary(fc.constantFrom('name', 'range', 'step', 'confirm', 'interactive', 'x-y', 'odd key'), attrValue, { maxKeys: 3, noNullPrototype: true }),
});

describe('runbook properties', () => {
  test(`unedited save is byte-identical for random documents (${RUNS} runs)`, (t) => {
    let codeCells = 0;
    fc.assert(
      fc.property(doc, ({ text: d }) => {
        const p = parseRunbook(d);
        codeCells += p.cells.filter((c) => c.kind === 'code').length;
        assert.equal(serializeRunbook(p.cells, p.document), d);
      }),
      { numRuns: RUNS },
    );
    t.diagnostic(`${RUNS} documents, ${codeCells} code cells`);
  });

  test(`random code-cell edits read back as the same cells (${RUNS} runs)`, (t) => {
    let edited = 0;
    fc.assert(
      fc.property(doc, fc.array(edit, { minLength: 8, maxLength: 8 }), ({ text: d }, edits) => {
        const p = parseRunbook(d);
        let k = 0;
        const cells = p.cells.map((c) => {
          if (c.kind !== 'code') return c;
          const e = edits[k++ % edits.length];
          if (e.kind === 'none') return c;
          edited++;
          return {
            ...c,
            value: e.kind === 'attributes' ? c.value : e.body,
            metadata: e.kind === 'body' ? c.metadata : { ...c.metadata, attributes: e.attributes },
          };
        });
        const out = serializeRunbook(cells, p.document);
        const again = parseRunbook(out);
        assert.deepEqual(summary(again.cells), summary(cells), JSON.stringify(out));
        // Text outside the code cells is untouched: the same front matter and Markdown.
        assert.equal(again.document.frontMatterRaw, p.document.frontMatterRaw);
      }),
      { numRuns: RUNS },
    );
    t.diagnostic(`${RUNS} documents, ${edited} code cells edited`);
  });

  const value = fc.string({ unit: 'binary', maxLength: 12 }).filter((v) => v !== '' && !v.includes('\0'));

  test(`kubectl: any value stays exactly one argument (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const r = substitute('rollout restart deployment/{{a}} -n {{ b }} --reason="x {{a}}"', 'kubectl', { a, b });
        assert.ok(r.ok, r.ok ? '' : r.message);
        assert.deepEqual(r.args, ['rollout', 'restart', `deployment/${a}`, '-n', b, `--reason=x ${a}`]);
      }),
      { numRuns: RUNS },
    );
  });

  test(`PromQL: any value becomes one valid string literal that decodes to it (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }).filter((v) => v !== ''), (v) => {
        const r = substitute('sum(rate(llm_requests_total{model={{model}}, job="pre{{model}}"}[5m]))', 'promql', { model: v });
        assert.ok(r.ok, r.ok ? '' : r.message);
        const strings: string[] = [];
        parser.parse(r.text).iterate({
          enter: (n) => {
            assert.ok(!n.type.isError, r.text);
            if (n.name === 'StringLiteral') strings.push(r.text.slice(n.from, n.to));
          },
        });
        assert.equal(strings.length, 2);
        assert.deepEqual(strings.map((s) => decodeGo(s)), [v, `pre${v}`]);
      }),
      { numRuns: RUNS },
    );
  });

  test('sh: random values survive every quoting context in sh and bash (200 runs x 12 values)', () => {
    const shValue = fc.string({ unit: fc.constantFrom("'", '"', '`', '$', '(', ')', '\\', '\n', ' ', 'a', '!', '#', ';', '|', '&', '{', '}', '*', 'ü'), minLength: 1, maxLength: 10 });
    fc.assert(
      fc.property(fc.array(shValue, { minLength: 12, maxLength: 12 }), (values) => {
        const lines = values.map((_, i) => {
          const forms = [`{{v${i}}}`, `"<{{v${i}}}>"`, `'<{{v${i}}}>'`, `"$(printf '%s' {{v${i}}})"`, `"\`printf '%s' {{v${i}}}\`"`, `\${UNSET:-{{v${i}}}}`];
          return `printf '%s\\0' ${forms[i % forms.length]}`;
        });
        const vals = Object.fromEntries(values.map((v, i) => [`v${i}`, v]));
        const r = substitute(lines.join('\n'), 'sh', vals);
        assert.ok(r.ok, r.ok ? '' : r.message);
        const expected = values.map((v, i) => {
          const form = i % 6;
          if (form === 1 || form === 2) return `<${v}>`;
          if (form === 3 || form === 4) return v.replace(/\n+$/, '');
          return v;
        });
        for (const shell of ['/bin/sh', '/bin/bash']) {
          const res: SpawnSyncReturns<string> = spawnSync(shell, ['-c', r.text], { encoding: 'utf8' });
          assert.equal(res.status, 0, `${shell}: ${r.text}\n${res.stderr}`);
          assert.deepEqual(res.stdout.split('\0').slice(0, -1), expected, `${shell}: ${r.text}`);
        }
      }),
      { numRuns: 200 },
    );
  });
});

function decodeGo(lit: string): string {
  let out = '';
  for (let i = 1; i < lit.length - 1; i++) {
    if (lit[i] !== '\\') {
      out += lit[i];
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

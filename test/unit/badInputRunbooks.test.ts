/**
 * The malformed-runbook corpus (test/fixtures/bad-input/runbooks/ plus the large inputs generated at test time)
 * through open and save exactly as the editor does it: UTF-8 decode, parse, read the front matter, serialize,
 * encode. Every input either saves back byte-identical when unedited, or is refused with a clear InputError
 * before anything could be written. Front-matter problems are diagnostics, never exceptions. Edited code cells
 * read back as written. Then fast-check throws random bytes and hostile text at the same path.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { decodeRunbook, encodeRunbook, parseRunbook, runbookMeta, serializeRunbook, type ParsedRunbook, type RawCell } from '../../src/notebooks/index';
import { InputError } from '../../src/common/errors';
import { generatedRunbooks, type BadInput } from '../fixtures/bad-input/generated';

const DIR = resolve(process.cwd(), 'test/fixtures/bad-input/runbooks');

function fileInputs(): BadInput[] {
  return readdirSync(DIR)
    .sort()
    .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(DIR, f))) }));
}

/** Inputs that are not UTF-8 and must be refused (the rest must open). */
const MUST_REFUSE = new Set(['invalid-utf8.md', 'truncated-utf8.md', 'overlong-utf8.md', 'binary-junk.md', 'utf16le-bom.md', 'gen: 1 MB of 0xFF bytes']);
/** Inputs whose front matter must be reported (and kept unchanged). */
const MUST_DIAGNOSE: Record<string, RegExp> = {
  'yaml-alias-bomb.md': /too many YAML aliases/,
  'front-matter-invalid-yaml.md': /not valid YAML/,
  'front-matter-not-a-mapping.md': /must be a YAML mapping/,
  'front-matter-duplicate-keys.md': /not valid YAML.*(unique|duplicate)|Map keys must be unique/i,
  'gen: 1 MB front matter (over the 64 KiB cap)': /limit is 64 KiB/,
  'gen: YAML alias bomb with 1,000 references': /too many YAML aliases/,
};

type Outcome = { kind: 'identical'; parsed: ParsedRunbook } | { kind: 'refused'; message: string };

/** Open (decode + parse + front matter) and save unedited (serialize + encode), as the notebook serializer does. */
function openAndSave(input: BadInput): Outcome {
  let text: string;
  try {
    text = decodeRunbook(input.bytes, input.name);
  } catch (e) {
    assert.ok(e instanceof InputError, `${input.name}: decoding threw ${String(e)}, not an InputError`);
    return { kind: 'refused', message: e.message };
  }
  const parsed = parseRunbook(text);
  runbookMeta(parsed.frontMatter);
  const saved = encodeRunbook(serializeRunbook(parsed.cells, parsed.document));
  assert.ok(Buffer.from(saved).equals(Buffer.from(input.bytes)), `${input.name}: an unedited save changed the file (${input.bytes.length} -> ${saved.length} bytes)`);
  // VS Code keeps cell and notebook metadata as JSON: the save must survive that trip too.
  const cells = JSON.parse(JSON.stringify(parsed.cells)) as RawCell[];
  const document = JSON.parse(JSON.stringify(parsed.document)) as ParsedRunbook['document'];
  assert.ok(Buffer.from(encodeRunbook(serializeRunbook(cells, document))).equals(Buffer.from(input.bytes)), `${input.name}: the save differs after the metadata went through JSON`);
  return { kind: 'identical', parsed };
}

/** Edits every code cell and checks that reading the save gives back the cells as edited. */
function editAndReread(name: string, parsed: ParsedRunbook): number {
  const edited = parsed.cells.map((c, i) => (c.kind === 'code' ? { ...c, value: `${c.value}\n# edited ${i} \`\`\`` } : c));
  const saved = serializeRunbook(edited, parsed.document);
  const again = parseRunbook(saved);
  const shape = (cells: RawCell[]) => cells.filter((c) => c.kind === 'code').map((c) => `${c.language}:${c.value}`);
  assert.deepEqual(shape(again.cells), shape(edited), `${name}: edited code cells did not read back as written`);
  return edited.filter((c) => c.kind === 'code').length;
}

export const counts = { inputs: 0, identical: 0, refused: 0, diagnosed: 0, editedCells: 0, propertyCases: 0 };

describe('malformed runbooks: byte-identical when saved unedited, or refused with a clear error', () => {
  const inputs = [...fileInputs(), ...generatedRunbooks()];

  for (const input of inputs) {
    test(`${input.name} (${input.bytes.length.toLocaleString('en')} bytes)`, () => {
      const out = openAndSave(input);
      counts.inputs++;
      if (MUST_REFUSE.has(input.name)) {
        assert.equal(out.kind, 'refused', `${input.name} is not UTF-8 and must be refused`);
      }
      if (out.kind === 'refused') {
        assert.match(out.message, /is not valid UTF-8 text; save it as UTF-8 and try again \(nothing was changed\)/);
        assert.ok(out.message.startsWith(input.name), 'the message names the file');
        counts.refused++;
        return;
      }
      counts.identical++;
      const expected = MUST_DIAGNOSE[input.name];
      if (expected) {
        const messages = out.parsed.diagnostics.map((d) => d.message).join('\n');
        assert.match(messages, expected, `${input.name}: diagnostics were ${JSON.stringify(messages)}`);
        assert.equal(out.parsed.frontMatter?.data, undefined, 'a front matter that was not read gives no data');
        counts.diagnosed++;
      }
      for (const d of out.parsed.diagnostics) assert.ok(d.message.length < 500, `a diagnostic too long to read: ${d.message.slice(0, 200)}…`);
      counts.editedCells += editAndReread(input.name, out.parsed);
    });
  }

  test('the specific cases read as an engineer expects', () => {
    const open = (name: string) => {
      const out = openAndSave({ name, bytes: new Uint8Array(readFileSync(join(DIR, name))) });
      assert.equal(out.kind, 'identical');
      return out.parsed;
    };
    // An unclosed fence runs to the end of the document: one code cell holding the rest, nothing dropped.
    const unclosed = open('unclosed-fence.md');
    const code = unclosed.cells.filter((c) => c.kind === 'code');
    assert.equal(code.length, 1);
    assert.match(code[0].value, /- step two$/);
    assert.equal(code[0].metadata.runbook?.closing, null);
    // The alias bomb is not expanded: no data, one error, and the runbook's cell is still there.
    const bomb = open('yaml-alias-bomb.md');
    assert.equal(bomb.cells.filter((c) => c.kind === 'code').length, 1);
    // YAML tags that would run code elsewhere are plain data or errors here, never executed.
    const tags = open('yaml-tags-and-merge.md');
    assert.equal(typeof tags.frontMatter?.data?.exec === 'function', false);
    // Bidi and control characters stay in the text as they are.
    const bidi = open('control-and-bidi.md');
    assert.ok(bidi.cells.some((c) => c.kind === 'code' && c.value.includes('\u202e\u0007🔥')));
  });
});

describe('property: any bytes open and save back identical, or are refused', () => {
  const RUNS = Math.max(1000, Number(process.env.ONCALL_PROPERTY_RUNS ?? 1500));
  const structural = fc.constantFrom('---\n', '```promql\n', '```\n', '~~~sh\n', '> ', '- ', '1. ', '    ', '\t', '\r\n', '\r', '\n', '\0', '\uFEFF', '{{x}}', '{"name":', '<div>', '&a ', '*a', '\u202e', '🔥', '\uD800', '\uDC00');
  const hostileText = fc.array(fc.oneof({ weight: 3, arbitrary: structural }, { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) }), { maxLength: 60 }).map((parts) => parts.join(''));

  test(`random bytes (${RUNS} cases)`, () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 3000 }), hostileText.map((s) => new TextEncoder().encode(s))), (bytes) => {
        const out = openAndSave({ name: 'random', bytes });
        if (out.kind === 'refused') refused++;
      }),
      { numRuns: RUNS },
    );
    counts.propertyCases += RUNS;
    console.log(`  random bytes: ${RUNS} cases, ${refused} refused as not UTF-8, ${RUNS - refused} saved back identical`);
  });

  test(`hostile text with lone surrogates, as a string (${RUNS} cases): the save encodes to what decoding would give`, () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        // A string with lone surrogates cannot come from UTF-8; what matters is that parse+serialize keeps every code unit.
        const parsed = parseRunbook(text);
        assert.equal(serializeRunbook(parsed.cells, parsed.document), text);
      }),
      { numRuns: RUNS },
    );
    counts.propertyCases += RUNS;
  });
});

describe('bad-input runbook counts', () => {
  test('report', () => {
    console.log(
      `bad-input runbooks: ${counts.inputs} inputs, ${counts.identical} saved back byte-identical, ${counts.refused} refused with a clear error, ` +
        `${counts.diagnosed} front matters reported and kept; ${counts.editedCells} edited code cells read back; ${counts.propertyCases} property cases`,
    );
    assert.equal(counts.inputs, counts.identical + counts.refused);
  });
});

/**
 * The shipped alert rules work: `promtool check rules` accepts them, `promtool test rules` passes (every alert fires
 * on incident data and stays quiet on normal data), and every rule points at a shipped runbook that names it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { parseRunbook, runbookMeta } from '../../src/notebooks';

const ROOT = resolve(__dirname, '../../..');
const RULES_DIR = join(ROOT, 'runbooks', 'rules');
const RULES = 'ai-service-alerts.rules.yml';
const TESTS = 'ai-service-alerts.test.yml';
const PROMTOOL = process.env.ONCALL_PROMTOOL_BIN ?? 'promtool';

async function promtool(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(PROMTOOL, args, { cwd: RULES_DIR });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string; message: string };
    return { code: typeof err.code === 'number' ? err.code : -1, out: `${err.stdout ?? ''}${err.stderr ?? ''}${err.message}` };
  }
}

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function rules(): Rule[] {
  const doc = parseYaml(readFileSync(join(RULES_DIR, RULES), 'utf8')) as { groups: Array<{ rules: Rule[] }> };
  return doc.groups.flatMap((g) => g.rules);
}

describe('shipped alert rules', () => {
  test('promtool check rules accepts them', async () => {
    const r = await promtool(['check', 'rules', RULES]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /SUCCESS: 7 rules found/);
  });

  test('promtool test rules passes: each alert fires on incident data and stays quiet on normal data', async () => {
    const r = await promtool(['test', 'rules', TESTS]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /SUCCESS/);
    assert.doesNotMatch(r.out, /FAILED/);
  });

  test('the unit tests cover every alert, firing and quiet', () => {
    const doc = parseYaml(readFileSync(join(RULES_DIR, TESTS), 'utf8')) as {
      tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts?: unknown[] }> }>;
    };
    const cases = doc.tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const r of rules()) {
      const mine = cases.filter((c) => c.alertname === r.alert);
      assert.ok(mine.some((c) => (c.exp_alerts ?? []).length > 0), `${r.alert}: no test where it fires`);
      assert.ok(mine.some((c) => (c.exp_alerts ?? []).length === 0), `${r.alert}: no test where it stays quiet`);
    }
  });

  test('every rule has a severity, a summary and a runbook that exists and names the alert', () => {
    for (const r of rules()) {
      assert.match(r.labels?.severity ?? '', /^sev[12]$/, `${r.alert}: severity`);
      assert.ok(r.annotations?.summary, `${r.alert}: summary`);
      assert.ok(r.annotations?.description, `${r.alert}: description`);
      const url = r.annotations?.runbook_url ?? '';
      assert.match(url, /^runbooks\/[a-z0-9-]+\.runbook\.md$/, `${r.alert}: runbook_url ${url}`);
      const file = join(ROOT, url);
      assert.ok(existsSync(file), `${r.alert}: ${url} does not exist`);
      const meta = runbookMeta(parseRunbook(readFileSync(file, 'utf8')).frontMatter);
      assert.ok(meta.alerts.includes(r.alert), `${url} does not name ${r.alert} in its front matter (alerts: ${meta.alerts.join(', ')})`);
      assert.equal(meta.severity?.toLowerCase(), r.labels?.severity, `${url}: severity differs from the rule's`);
    }
  });

  test('ratios aggregate both sides by the same labels (the unaggregated form returns an empty vector)', () => {
    for (const r of rules()) {
      const sides = r.expr.split(/\n\s*\/\s*/);
      if (sides.length < 2) continue;
      const by = sides.map((s) => /sum by \(([^)]*)\)/.exec(s)?.[1]);
      assert.ok(by[0] && by[0] === by[1], `${r.alert}: ${r.expr}`);
    }
  });

  test('every shipped runbook is named *.runbook.md and has a title', () => {
    const files = readdirSync(join(ROOT, 'runbooks')).filter((f) => f.endsWith('.md'));
    assert.ok(files.length >= 7);
    for (const f of files) {
      assert.match(f, /\.runbook\.md$/);
      const parsed = parseRunbook(readFileSync(join(ROOT, 'runbooks', f), 'utf8'));
      assert.deepEqual(parsed.diagnostics, [], f);
      const meta = runbookMeta(parsed.frontMatter);
      assert.ok(meta.title, `${f}: title`);
      assert.deepEqual(meta.problems, [], f);
    }
  });
});

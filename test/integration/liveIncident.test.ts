/**
 * The drills' live path without a VS Code: Prometheus holding the backfilled incident data plus the live data a
 * scraped endpoint continues (test/support/liveIncident.ts), with the drills' test copy of the shipped rules
 * (`for: 0s`, resend delay 1 s) alerting to a real Alertmanager.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { eventually, startAlertmanager } from '../support/alertmanager';
import { startPrometheus } from '../support/prometheus';
import { EXPECTED, families, INCIDENT, SCRAPE_SECONDS, timeline, valueAtIndex } from '../support/incidentData';
import { liveExposition, startLiveIncidentData } from '../support/liveIncident';
import { testRules } from '../support/drill';
import { removeDir, tempDir } from '../support/process';

const DRILL_ALERTS = ['ModelEndpointDown', 'HighHallucinationRate', 'TokenCostExplosion'];

describe('live incident data', () => {
  test('the exposition continues the backfill on its 15 s grid and is empty before the backfill ends', () => {
    const tl = timeline({ end: 1714651200 });
    assert.equal(liveExposition(tl, tl.end * 1000), '', 'the backfill end itself belongs to the blocks');
    assert.equal(liveExposition(tl, (tl.end + SCRAPE_SECONDS) * 1000 - 1), '');
    const at = (tl.end + 2 * SCRAPE_SECONDS + 7) * 1000;
    const lines = liveExposition(tl, at).trim().split('\n');
    const all = families().flatMap((f) => f.series);
    assert.equal(lines.length, all.length, 'every series of the data set');
    const cost = all.find((s) => s.name === 'llm_token_cost_dollars' && s.labels.tenant === 'globex' && s.labels.model === 'gpt-4o' && s.labels.route === 'chat');
    assert.ok(cost);
    const line = lines.find((l) => l.startsWith('llm_token_cost_dollars{model="gpt-4o",tenant="globex",route="chat"} '));
    assert.equal(line, `llm_token_cost_dollars{model="gpt-4o",tenant="globex",route="chat"} ${valueAtIndex(cost, tl.lastIndex + 2, tl)} ${(tl.end + 2 * SCRAPE_SECONDS) * 1000}`);
  });

  test('the test rules keep only the drills\' alerts, each with for: 0s', () => {
    const dir = tempDir('live-rules');
    try {
      const rules = parse(readFileSync(testRules(dir, DRILL_ALERTS), 'utf8')) as { groups: { rules: { alert: string; for: string; expr: string }[] }[] };
      const kept = rules.groups.flatMap((g) => g.rules);
      assert.deepEqual(kept.map((r) => r.alert).sort(), [...DRILL_ALERTS].sort());
      assert.ok(kept.every((r) => r.for === '0s'));
      assert.throws(() => testRules(dir, ['NoSuchAlert']), /no alert NoSuchAlert/);
    } finally {
      removeDir(dir);
    }
  });

  test('Prometheus scrapes the live data with the backfill\'s labels, and the drills\' alerts reach Alertmanager', async () => {
    const dir = tempDir('live');
    const tl = timeline();
    const live = await startLiveIncidentData(tl);
    const am = await startAlertmanager();
    const prom = await startPrometheus({ data: { end: tl.end }, rulesFiles: [testRules(dir, DRILL_ALERTS)], alertmanagerUrl: am.url, resendDelay: '1s', scrapeConfigYaml: live.scrapeConfigYaml });
    try {
      type Alert = { labels: Record<string, string> };
      let alerts: Alert[] = [];
      await eventually('the three drill alerts in Alertmanager', async () => {
        alerts = (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as Alert[];
        return DRILL_ALERTS.every((a) => alerts.some((x) => x.labels.alertname === a));
      }, 30_000);
      const by = (name: string) => alerts.filter((a) => a.labels.alertname === name).map((a) => a.labels);
      assert.deepEqual(by('ModelEndpointDown'), [{ alertname: 'ModelEndpointDown', instance: INCIDENT.downInstance, job: 'llm-inference', severity: 'sev1' }]);
      assert.deepEqual(by('HighHallucinationRate'), [{ alertname: 'HighHallucinationRate', model: INCIDENT.hallucinatingModel, severity: 'sev2' }]);
      assert.deepEqual(by('TokenCostExplosion'), [{ alertname: 'TokenCostExplosion', tenant: INCIDENT.costTenant, severity: 'sev2' }]);

      const query = async (expr: string, time: number) => {
        const body = (await (await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(expr)}&time=${time}`)).json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
        return body.data.result;
      };
      const liveAt = tl.end + 2 * SCRAPE_SECONDS;
      await eventually('two live samples after the backfill', async () => Number((await query('max(timestamp(llm_token_cost_dollars))', Date.now() / 1000))[0]?.value[1]) >= liveAt, 60_000);
      // The live series are the backfill's series (no job/instance of the scrape target), so windows span both.
      const series = await query('count(llm_token_cost_dollars)', liveAt);
      assert.equal(series[0].value[1], String(families().find((f) => f.name === 'llm_token_cost_dollars')!.series.length));
      const rate = await query('sum by (tenant) (rate(llm_token_cost_dollars[5m]))', liveAt);
      const globex = Number(rate.find((r) => r.metric.tenant === INCIDENT.costTenant)?.value[1]);
      assert.ok(Math.abs(globex - EXPECTED.incident.tenantCostPerSecond.globex) < 1e-9, `globex $/s over a window across backfill and live data: ${globex}`);
      const up = await query('up{job="llm-inference"}', liveAt);
      assert.equal(up.length, 3, 'the scraped up series keep their own job and instance');
    } finally {
      await prom.stop();
      await am.stop();
      await live.stop();
      removeDir(dir);
    }
  });
});

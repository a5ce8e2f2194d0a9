/**
 * A refresh storm: refresh pressed 50 times while a REAL Alertmanager (behind the fault proxy) is slow. The
 * refresh is what the Alerts panel runs (fetchAlerts + fetchSilences over every source) under the panel's
 * SingleFlight (src/common/singleFlight.ts, used by src/vscode/alerts/alertsModel.ts). The proxy counts the
 * requests: one per path per server, never two at once; every press gets the same answer; the next press after
 * the storm starts a fresh request; a fault during a storm is one error entry, not fifty.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAlertmanager, type TestAlertmanager } from '../support/alertmanager';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { sampleAlerts } from '../support/sampleIncident';
import { AlertmanagerClient } from '../../src/alerts/alertmanagerClient';
import { fetchAlerts, fetchSilences } from '../../src/alerts/fetchAll';
import { SingleFlight } from '../../src/common/singleFlight';

const PRESSES = 50;

describe('refresh storm against a slow real Alertmanager', () => {
  let am: TestAlertmanager;
  let proxy: FaultProxy;
  const alertCount = sampleAlerts().length;

  before(async () => {
    am = await startAlertmanager();
    await am.postAlerts(sampleAlerts());
    proxy = await startFaultProxy({ target: am.url });
  });
  after(async () => {
    await proxy?.stop();
    await am?.stop();
  });

  const panelRefresh = (clients: AlertmanagerClient[]) => async () => {
    const [alerts, silences] = await Promise.all([fetchAlerts(clients), fetchSilences(clients)]);
    return { alerts, silences };
  };

  /** Presses refresh PRESSES times, 10 ms apart, while the first one runs. */
  async function storm<T>(flight: SingleFlight<T>, work: () => Promise<T>): Promise<T[]> {
    const results: Promise<T>[] = [];
    for (let i = 0; i < PRESSES; i++) {
      results.push(flight.run(work));
      await new Promise((r) => setTimeout(r, 10));
    }
    return Promise.all(results);
  }

  test(`${PRESSES} presses while the server takes 1.5 s: one request per path, all presses get the same answer`, async () => {
    const client = new AlertmanagerClient({ name: 'am-slow', url: proxy.url }, { timeoutMs: 10_000 });
    const flight = new SingleFlight<Awaited<ReturnType<ReturnType<typeof panelRefresh>>>>();
    await proxy.setFault({ kind: 'delay', ms: 1500 });
    proxy.resetStats();
    const results = await storm(flight, panelRefresh([client]));
    await proxy.idle();
    assert.equal(flight.started, 1);
    assert.equal(flight.joined, PRESSES - 1);
    assert.equal(proxy.count({ path: '/api/v2/alerts' }), 1, 'one alerts request');
    assert.equal(proxy.count({ path: '/api/v2/silences' }), 1, 'one silences request');
    assert.equal(proxy.stats().maxInFlight['/api/v2/alerts'], 1);
    assert.ok(results.every((r) => r === results[0]), 'every press resolves to the same refresh');
    assert.equal(results[0].alerts.alerts.length, alertCount);
    assert.deepEqual(results[0].alerts.errors, []);

    // The storm is over: the next press is a new refresh, and sees current data.
    await proxy.clear();
    const next = await flight.run(panelRefresh([client]));
    assert.notEqual(next, results[0]);
    assert.equal(flight.started, 2);
    assert.equal(proxy.count({ path: '/api/v2/alerts' }), 2);
  });

  test('a storm while the server fails slowly: one request, one error entry, then recovery', async () => {
    const client = new AlertmanagerClient({ name: 'am-slow', url: proxy.url }, { timeoutMs: 400 });
    const flight = new SingleFlight<Awaited<ReturnType<ReturnType<typeof panelRefresh>>>>();
    await proxy.setFault({ kind: 'delay', ms: 2000 }, { path: '/api/v2/alerts' });
    proxy.resetStats();
    const results = await storm(flight, panelRefresh([client]));
    // 50 presses x 10 ms outlast the 400 ms time limit: the presses after it start the next refresh.
    assert.ok(flight.started >= 2 && flight.started < PRESSES, `${flight.started} refreshes for ${PRESSES} presses`);
    await proxy.idle();
    assert.equal(proxy.count({ path: '/api/v2/alerts' }), flight.started, 'one alerts request per refresh, none per press');
    // (No maxInFlight check here: the client drops a timed-out request at once, but the proxy notices the closed
    // socket a moment later, so it may briefly count the next refresh's request beside it.)
    const failed = results.filter((r) => r.alerts.errors.length > 0);
    assert.ok(failed.length > 0);
    for (const r of failed) {
      assert.equal(r.alerts.errors.length, 1);
      assert.match(r.alerts.errors[0].message, /Alertmanager am-slow did not answer within 0\.4 s/);
    }
    await proxy.clear();
    const ok = await flight.run(panelRefresh([client]));
    assert.deepEqual(ok.alerts.errors, []);
    assert.equal(ok.alerts.alerts.length, alertCount);
  });
});

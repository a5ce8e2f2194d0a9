/**
 * A real Alertmanager (/usr/bin/prometheus-alertmanager) for tests: 127.0.0.1 on a free port, its own temp folder,
 * no clustering, ready when /-/ready answers. The default configuration has one inhibition rule: NodeDown inhibits
 * the other alerts with the same `instance` (source requires instance to be set: `equal` also matches when both
 * alerts lack the label).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, removeDir, startProcess, tempDir, waitReady } from './process';

export const ALERTMANAGER_BIN = '/usr/bin/prometheus-alertmanager';

export const DEFAULT_ALERTMANAGER_CONFIG = `
route:
  receiver: default
  group_by: [alertname]
  group_wait: 1h
  group_interval: 1h
  repeat_interval: 24h
receivers:
  - name: default
inhibit_rules:
  - source_matchers: ['alertname="NodeDown"', 'instance=~".+"']
    target_matchers: ['alertname!="NodeDown"']
    equal: [instance]
`;

/** An alert as POST /api/v2/alerts takes it. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

export interface TestAlertmanager {
  url: string;
  /** The process id, to stop it early (a "dead" source). */
  pid: number | undefined;
  stop(): Promise<void>;
  /** Posts alerts (in batches of 1000); throws with Alertmanager's message on an error status. */
  postAlerts(alerts: PostableAlert[]): Promise<void>;
}

export async function startAlertmanager(opts: { configYaml?: string } = {}): Promise<TestAlertmanager> {
  const dir = tempDir('alertmanager');
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(config, opts.configYaml ?? DEFAULT_ALERTMANAGER_CONFIG);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = startProcess(
    ALERTMANAGER_BIN,
    [`--config.file=${config}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    dir,
  );
  try {
    await waitReady(`${url}/-/ready`, started);
  } catch (e) {
    await started.stop();
    removeDir(dir);
    throw e;
  }
  return {
    url,
    pid: started.proc.pid,
    async stop() {
      await started.stop();
      removeDir(dir);
    },
    async postAlerts(alerts) {
      for (let i = 0; i < alerts.length; i += 1000) {
        const res = await fetch(`${url}/api/v2/alerts`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(alerts.slice(i, i + 1000)),
        });
        if (!res.ok) throw new Error(`Alertmanager refused the alerts (${res.status}): ${await res.text()}\n${started.tail()}`);
      }
    },
  };
}

/** Polls `check` every 50 ms until it returns true or `timeoutMs` passes (then throws with `what`). */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

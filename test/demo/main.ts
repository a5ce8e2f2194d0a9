/**
 * `npm run demo`: the On-Call extension in a real VS Code (code-server) against local servers holding a sample
 * AI-service incident. Starts Prometheus (backfilled incident data that a live endpoint keeps going, so the incident
 * stays "now" for as long as the demo runs), Alertmanager (the sample alerts, one silenced,
 * one inhibited), a Kubernetes control plane with the seeded `ai` namespace (when built), a sample workspace (the shipped runbooks in a git repository), and code-server with the packaged
 * extension; prints the URL. Ctrl-C, SIGTERM, SIGHUP (a closed terminal, a dropped SSH session) or the death of its
 * parent stops everything it started and removes its temporary folders.
 *   ONCALL_DEMO_PORT   the code-server port (default 8080; a free one if taken)
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as net from 'node:net';
import { startAlertmanager } from '../support/alertmanager';
import { startPrometheus } from '../support/prometheus';
import { loadSampleIncident, sampleAlerts } from '../support/sampleIncident';
import { timeline } from '../support/incidentData';
import { startLiveIncidentData } from '../support/liveIncident';
import { repoRoot, startCodeServer } from '../support/codeServer';
import { freePort } from '../support/process';
import { sampleWorkspace } from '../support/sampleWorkspace';
import { clusterAvailable, kubeClusterSkipReason, startKubeCluster } from '../support/kubeCluster';

// After a closed terminal, writing to it fails (EIO): that must not crash the demo before it has cleaned up.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

function say(text: string): void {
  try {
    process.stdout.write(`[demo] ${text}\n`);
  } catch {
    /* the terminal is gone */
  }
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function main(): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping everything the demo started…');
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stopAll(0));
  // A parent killed outright (SIGKILL to npm) sends no signal: its exit re-parents this process.
  const parent = process.ppid;
  const orphaned = setInterval(() => {
    if (process.ppid !== parent) {
      say(`parent process ${parent} exited`);
      void stopAll(0);
    }
  }, 1000);
  orphaned.unref();

  try {
    say('starting Prometheus with three hours of AI-service metrics (the incident is in the last 30 minutes and goes on live)…');
    const tl = timeline();
    const live = await startLiveIncidentData(tl);
    stops.push(live.stop);
    const prom = await startPrometheus({
      data: { end: tl.end },
      rulesFiles: [join(repoRoot(), 'runbooks', 'rules', 'ai-service-alerts.rules.yml')],
      scrapeConfigYaml: live.scrapeConfigYaml,
    });
    stops.push(prom.stop);
    say(`Prometheus   ${prom.url}`);

    say('starting Alertmanager with the sample alerts…');
    const am = await startAlertmanager();
    stops.push(am.stop);
    await loadSampleIncident(am, Date.now(), prom.url);
    // Prometheus re-sends firing alerts to keep them alive; the demo does the same every minute.
    const started = Date.now();
    const keepAlive = setInterval(() => void am.postAlerts(sampleAlerts(started, prom.url).map((a) => ({ ...a, endsAt: new Date(Date.now() + 10 * 60_000).toISOString() }))).catch(() => undefined), 60_000);
    stops.push(async () => clearInterval(keepAlive));
    say(`Alertmanager ${am.url}`);

    let kubeconfig = '';
    if (clusterAvailable()) {
      say('starting the Kubernetes control plane (namespace ai: llm-inference, llm-gateway, llm-quotas)…');
      const cluster = await startKubeCluster();
      stops.push(cluster.stop);
      kubeconfig = cluster.kubeconfig;
      say(`Kubernetes   ${cluster.server} (kubeconfig ${cluster.kubeconfig})`);
    } else {
      say(`no Kubernetes control plane: ${kubeClusterSkipReason() ?? 'not built'}; kubectl cells will say so`);
    }

    const workspace = join(process.env.ONCALL_CACHE ?? join(homedir(), '.cache', 'oncall'), 'demo-workspace');
    sampleWorkspace(workspace);
    say(`workspace    ${workspace}`);

    const wanted = Number(process.env.ONCALL_DEMO_PORT ?? 8080);
    const port = (await portFree(wanted)) ? wanted : await freePort();
    const server = await startCodeServer({
      vsix: join(repoRoot(), 'dist', 'oncall.vsix'),
      folder: workspace,
      port,
      settings: {
        'oncall.alertmanagers': [{ name: 'demo', url: am.url }],
        'oncall.prometheus.url': prom.url,
        ...(kubeconfig ? { 'oncall.kubernetes.kubeconfig': kubeconfig, 'oncall.kubernetes.protectedContexts': ['*prod*'] } : {}),
        'oncall.alerts.refreshIntervalSeconds': 10,
        'workbench.colorTheme': 'Default Dark Modern',
      },
    });
    stops.push(server.stop);
    const url = `${server.url}?folder=${encodeURIComponent(workspace)}`;
    process.stdout.write(`\n  On-Call demo is ready. Open this URL in your browser:\n\n    ${url}\n\n  Click the bell (On-Call) in the activity bar. Press Ctrl-C here to stop everything.\n\n`);
  } catch (e) {
    process.stderr.write(`[demo] failed: ${e instanceof Error ? e.message : String(e)}\n`);
    await stopAll(1);
  }
}

void main();

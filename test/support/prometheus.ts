/**
 * A real Prometheus for tests: its own temp folder, 127.0.0.1 on a free port, optionally holding the
 * deterministic incident data (backfilled with promtool before start), rule files and an Alertmanager.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { freePort, removeDir, startProcess, tempDir, waitReady } from './process';
import { writeIncidentBlocks, type DataOptions, type Timeline } from './incidentData';

export const PROMETHEUS_BIN = process.env.ONCALL_PROMETHEUS_BIN ?? '/usr/bin/prometheus';

export interface PrometheusOptions {
  /** Backfill the incident data (see incidentData.ts) ending at data.end (default now). */
  data?: DataOptions;
  /** Alerting rule files to load (absolute or relative to the working directory). */
  rulesFiles?: string[];
  /** Alertmanager base URL (http://127.0.0.1:PORT) that firing alerts are sent to. */
  alertmanagerUrl?: string;
  /** --rules.alert.resend-delay, for example "1s" (Prometheus' default is 1m). */
  resendDelay?: string;
  /** global.evaluation_interval when rules are loaded (default "1s"). */
  evaluationInterval?: string;
  /** A `scrape_configs:` section appended to prometheus.yml (for example liveIncident.ts' live data). */
  scrapeConfigYaml?: string;
}

export interface RunningPrometheus {
  url: string;
  dir: string;
  /** The timeline of the backfilled data, when `data` was given. */
  timeline?: Timeline;
  /** The last lines of Prometheus' log, for failure messages. */
  tail(): string;
  stop(): Promise<void>;
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

export async function startPrometheus(opts: PrometheusOptions = {}): Promise<RunningPrometheus> {
  const dir = tempDir('prometheus');
  try {
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const timeline = opts.data ? await writeIncidentBlocks(dataDir, opts.data, dir) : undefined;

    const lines = ['global:', `  evaluation_interval: ${opts.evaluationInterval ?? '1s'}`, '  scrape_interval: 15s'];
    if (opts.rulesFiles?.length) {
      lines.push('rule_files:', ...opts.rulesFiles.map((f) => `  - ${yamlString(resolve(f))}`));
    }
    if (opts.alertmanagerUrl) {
      const u = new URL(opts.alertmanagerUrl);
      lines.push(
        'alerting:',
        '  alertmanagers:',
        '    - api_version: v2',
        `      scheme: ${u.protocol.replace(':', '')}`,
        ...(u.pathname && u.pathname !== '/' ? [`      path_prefix: ${yamlString(u.pathname)}`] : []),
        '      static_configs:',
        `        - targets: [${yamlString(u.host)}]`,
      );
    }
    if (opts.scrapeConfigYaml) lines.push(opts.scrapeConfigYaml);
    const config = join(dir, 'prometheus.yml');
    writeFileSync(config, `${lines.join('\n')}\n`);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const args = [
      `--config.file=${config}`,
      `--storage.tsdb.path=${dataDir}`,
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
      `--web.external-url=${url}/`,
    ];
    if (opts.resendDelay) args.push(`--rules.alert.resend-delay=${opts.resendDelay}`);
    const started = startProcess(PROMETHEUS_BIN, args, dir);
    try {
      await waitReady(`${url}/-/ready`, started, 30_000);
    } catch (e) {
      await started.stop();
      throw e;
    }
    return {
      url,
      dir,
      timeline,
      tail: started.tail,
      stop: async () => {
        await started.stop();
        removeDir(dir);
      },
    };
  } catch (e) {
    removeDir(dir);
    throw e;
  }
}

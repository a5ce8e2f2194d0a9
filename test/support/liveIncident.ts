/**
 * Live incident data: a small metrics endpoint that Prometheus scrapes, serving the series of incidentData.ts as
 * they continue after the backfilled blocks end (the incident goes on), each sample at its place on the 15 s grid
 * (explicit timestamps). Together with the backfill, Prometheus sees three hours of history that run up to the
 * present and keep going: alert rules fire on it, and windows that start after the backfill (an alert that fired
 * a minute ago) still hold data.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { families, SCRAPE_SECONDS, valueAtIndex, type Labels, type Timeline } from './incidentData';

export interface LiveIncidentData {
  /** host:port to scrape. */
  target: string;
  /** The scrape job to add to prometheus.yml (see startPrometheus' scrapeConfigYaml). */
  scrapeConfigYaml: string;
  /** Scrapes served so far. */
  scrapes(): number;
  stop(): Promise<void>;
}

export const LIVE_JOB = 'incident-live';

function labelText(name: string, labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `${name}{${parts.join(',')}}` : name;
}

/** The exposition text at `nowMs`: every series at the newest grid point after the backfill, or nothing yet. */
export function liveExposition(tl: Timeline, nowMs: number): string {
  const index = Math.floor((nowMs / 1000 - tl.start) / SCRAPE_SECONDS);
  // Samples at or before the backfill's end would be out of bounds for Prometheus' head block.
  if (index <= tl.lastIndex) return '';
  const ts = (tl.start + index * SCRAPE_SECONDS) * 1000;
  const out: string[] = [];
  for (const f of families()) for (const s of f.series) out.push(`${labelText(s.name, s.labels)} ${valueAtIndex(s, index, tl)} ${ts}`);
  return `${out.join('\n')}\n`;
}

/** Serves the continuing incident data of `tl` on 127.0.0.1 (a free port). */
export async function startLiveIncidentData(tl: Timeline): Promise<LiveIncidentData> {
  let served = 0;
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    served++;
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(liveExposition(tl, Date.now()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  // honor_labels keeps the series' own job/instance (up{job="llm-inference"}); the target's job and instance, which
  // the other series would get, are removed again so every series keeps exactly the labels of the backfill.
  const scrapeConfigYaml = [
    'scrape_configs:',
    `  - job_name: ${LIVE_JOB}`,
    '    scrape_interval: 5s',
    '    honor_labels: true',
    '    static_configs:',
    `      - targets: ["${target}"]`,
    '    metric_relabel_configs:',
    '      - source_labels: [instance]',
    `        regex: "${target.replace(/\./g, '\\\\.')}"`,
    '        target_label: instance',
    '        replacement: ""',
    '      - source_labels: [job]',
    `        regex: ${LIVE_JOB}`,
    '        target_label: job',
    '        replacement: ""',
  ].join('\n');
  return {
    target,
    scrapeConfigYaml,
    scrapes: () => served,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

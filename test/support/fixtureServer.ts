/**
 * A loopback HTTP server that answers fixed JSON bodies by path: for payloads a real server cannot be made to
 * produce on demand (an unknown alert state, a transient state). Each body has the exact shape of the real API.
 */
import * as http from 'node:http';

export interface FixtureServer {
  url: string;
  /** Requests seen, by path. */
  hits: Map<string, number>;
  stop(): Promise<void>;
}

export async function startFixtureServer(routes: Record<string, unknown>): Promise<FixtureServer> {
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (!(path in routes)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(routes[path]));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Issue case 3: unprocessed, active, silenced, inhibited (by the listed NodeDown) and an unknown state "muted". */
export function fiveStatesPayload(now = Date.now()): unknown[] {
  const t = (m: number) => new Date(now - m * 60_000).toISOString();
  const lease = new Date(now + 5 * 60_000).toISOString();
  const alert = (fingerprint: string, labels: Record<string, string>, state: string, silencedBy: string[] = [], inhibitedBy: string[] = []) => ({
    fingerprint,
    labels,
    annotations: { summary: `${labels.alertname} test alert` },
    startsAt: t(3),
    endsAt: lease,
    updatedAt: t(0),
    generatorURL: '',
    receivers: [{ name: 'default' }],
    status: { state, silencedBy, inhibitedBy, mutedBy: [] },
  });
  return [
    alert('f0000000000000a1', { alertname: 'PendingOne', severity: 'sev2' }, 'unprocessed'),
    alert('f0000000000000a2', { alertname: 'NodeDown', severity: 'sev2', instance: 'gpu-node-1' }, 'active'),
    alert('f0000000000000a3', { alertname: 'SilencedOne', severity: 'sev3' }, 'suppressed', ['s-1']),
    alert('f0000000000000a4', { alertname: 'InhibitedOne', severity: 'sev3', instance: 'gpu-node-1' }, 'suppressed', [], ['f0000000000000a2']),
    alert('f0000000000000a5', { alertname: 'MutedOne', severity: 'sev4' }, 'muted'),
  ];
}

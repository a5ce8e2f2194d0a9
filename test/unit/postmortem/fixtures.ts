// A fixed incident log used by the postmortem tests: a token cost explosion handled end to end.
import type { AlertFiredEvent, AlertResolvedEvent, IncidentEvent } from '../../../src/incidents/events';

export const FIRED: AlertFiredEvent = {
  type: 'alert-fired', time: '2024-05-01T10:00:00.000Z', who: 'alertmanager', source: 'alertmanager', server: 'prod-eu',
  alertname: 'TokenCostExplosion', fingerprint: 'a1b2c3d4e5f60718', labels: { alertname: 'TokenCostExplosion', severity: 'sev2', tenant: 'acme' },
  summary: 'Token spend exceeds $0.50/min for tenant acme',
};

export const RESOLVED: AlertResolvedEvent = {
  type: 'alert-resolved', time: '2024-05-01T11:25:30.000Z', who: 'alertmanager', source: 'alertmanager', alertname: 'TokenCostExplosion', fingerprint: 'a1b2c3d4e5f60718',
};

/** Deliberately out of time order: the timeline sorts. */
export const INCIDENT_EVENTS: IncidentEvent[] = [
  { type: 'acknowledged', time: '2024-05-01T10:03:00.000Z', who: 'alice', alertname: 'TokenCostExplosion', silenceId: 's-1' },
  FIRED,
  {
    type: 'silence-created', time: '2024-05-01T10:04:00.000Z', who: 'alice', id: 's-2', source: 'prod-eu',
    matchers: [{ name: 'alertname', value: 'TokenCostExplosion', isRegex: false, isEqual: true }, { name: 'tenant', value: 'acme|beta', isRegex: true, isEqual: true }],
    comment: 'Caps applied | watching', endsAt: '2024-05-01T12:04:00.000Z',
  },
  {
    type: 'cell-run', time: '2024-05-01T10:06:00.000Z', who: 'alice', runbook: 'runbooks/cost-spike.md', cell: { index: 1, name: 'Top consumers' },
    language: 'promql', parameters: { window: '15m' }, target: { kind: 'prometheus', url: 'http://prom:9090' }, outcome: 'ok', outputDigest: 'sha256:00',
  },
  {
    type: 'cluster-change', time: '2024-05-01T10:10:00.000Z', who: 'alice', context: 'prod', server: 'https://k8s:6443', namespace: 'ai',
    kind: 'ConfigMap', name: 'llm-quotas', operation: 'patch', priorState: { data: { rpm_limit: '600' } }, patch: { data: { rpm_limit: '60' } },
  },
  {
    type: 'cell-run', time: '2024-05-01T10:12:00.000Z', who: 'bob', runbook: 'runbooks/cost-spike.md', cell: { index: 4, name: 'Route to cheaper tier' },
    language: 'kubectl', parameters: {}, target: { kind: 'kubernetes', context: 'prod', namespace: 'ai' }, outcome: 'error', message: 'forbidden',
  },
  {
    type: 'git-revert', time: '2024-05-01T10:20:00.000Z', who: 'bob', repo: '/src/prompts', branch: 'revert/cost',
    reverted: ['1111111111111111111111111111111111111111'], newCommits: ['2222222222222222222222222222222222222222'],
  },
  RESOLVED,
  { type: 'note', time: '2024-05-01T11:30:00.000Z', who: 'alice', text: 'Retry storm in the agent <loop>\nsecond line' },
];

/** The exact timeline rows for INCIDENT_EVENTS. */
export const EXPECTED_ROWS = [
  '| 2024-05-01 10:00:00 | Alert fired: TokenCostExplosion (severity=sev2, tenant=acme) — Token spend exceeds $0.50/min for tenant acme |',
  '| 2024-05-01 10:03:00 | Acknowledged by alice (TokenCostExplosion) |',
  '| 2024-05-01 10:04:00 | Silence created by alice until 2024-05-01 12:04:00 UTC for {alertname="TokenCostExplosion", tenant=~"acme\\|beta"}: "Caps applied \\| watching" |',
  '| 2024-05-01 10:06:00 | Runbook cell "Top consumers" (runbooks/cost-spike.md, cell 1) run by alice against Prometheus http://prom:9090 with window=15m → ok |',
  '| 2024-05-01 10:10:00 | Cluster change by alice: patch configmap/llm-quotas in namespace ai (context prod) |',
  '| 2024-05-01 10:12:00 | Runbook cell "Route to cheaper tier" (runbooks/cost-spike.md, cell 4) run by bob against Kubernetes context prod, namespace ai → error: forbidden |',
  '| 2024-05-01 10:20:00 | Git revert by bob of 1111111 onto branch revert/cost (new commits 2222222) |',
  '| 2024-05-01 11:25:30 | Alert resolved: TokenCostExplosion |',
  '| 2024-05-01 11:30:00 | Note by alice: Retry storm in the agent &lt;loop&gt; second line |',
];

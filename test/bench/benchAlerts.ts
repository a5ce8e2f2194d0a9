/** The synthetic outage storm the alert benchmarks post to a real Alertmanager. */
import type { PostableAlert } from '../support/alertmanager';

const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4', 'warning', 'critical'];
const NAMES = ['ModelEndpointDown', 'HighHallucinationRate', 'TokenCostExplosion', 'LatencyP95Exceeded', 'GuardrailViolationSpike', 'ModelQualityDrop', 'ProviderErrorRateHigh'];

/**
 * `n` distinct alerts (7 names, 6 severity values, 40 models, 300 tenants, one replica label each), started two
 * hours ago on a whole minute (so their shown age changes only when the wall-clock minute does) and ending in 3 h
 * (so none resolves during a run). `description` overrides the description annotation (to change alerts).
 */
export function makeAlerts(n: number, now = Date.now(), description?: (i: number) => string): PostableAlert[] {
  const startsAt = new Date(Math.floor(now / 60_000) * 60_000 - 2 * 3600_000).toISOString();
  const endsAt = new Date(now + 3 * 3600_000).toISOString();
  return Array.from({ length: n }, (_, i) => ({
    labels: {
      alertname: NAMES[i % NAMES.length],
      severity: SEVERITIES[i % SEVERITIES.length],
      instance: `10.0.${Math.floor(i / 250)}.${i % 250}:8080`,
      job: 'llm-inference',
      model: `model-${i % 40}`,
      tenant: `tenant-${i % 300}`,
      replica: String(i),
    },
    annotations: {
      summary: `Alert ${i}: something is wrong with model-${i % 40}`,
      description: description ? description(i) : `A longer description of alert number ${i}, for the engineer on call.`,
      runbook_url: 'https://runbooks.internal/ai/model-outage',
    },
    startsAt,
    endsAt,
  }));
}

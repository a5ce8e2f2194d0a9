/**
 * The sample AI-service incident of the demo and the end-to-end tests: alerts as the shipped rules would raise
 * them (several severities), plus a silenced one and an inhibited one. Times are relative to `now` so ages,
 * response times and escalation levels show meaningfully.
 */
import type { PostableAlert, TestAlertmanager } from './alertmanager';

const MIN = 60_000;

function at(now: number, minutesAgo: number): string {
  return new Date(now - minutesAgo * MIN).toISOString();
}

export function sampleAlerts(now = Date.now(), generator = 'http://127.0.0.1:9090'): PostableAlert[] {
  const g = (expr: string) => `${generator}/graph?g0.expr=${encodeURIComponent(expr)}`;
  // endsAt is the lease Prometheus would send: a few minutes ahead, renewed by re-posting.
  const lease = new Date(now + 10 * MIN).toISOString();
  return [
    {
      labels: { alertname: 'ModelEndpointDown', severity: 'sev1', job: 'llm-inference', instance: 'llm-inference-2:8080', namespace: 'ai', deployment: 'llm-inference' },
      annotations: { summary: 'LLM inference endpoint llm-inference-2:8080 is down', runbook_url: 'runbooks/model-endpoint-down.runbook.md' },
      startsAt: at(now, 7), endsAt: lease, generatorURL: g('up{job="llm-inference"} == 0'),
    },
    {
      labels: { alertname: 'HighHallucinationRate', severity: 'sev2', model: 'llama-3-70b', namespace: 'ai' },
      annotations: { summary: 'Hallucination rate above 15% for llama-3-70b', runbook_url: 'runbooks/quality-regression.runbook.md' },
      startsAt: at(now, 12), endsAt: lease, generatorURL: g('llm_hallucination_detected_total'),
    },
    {
      labels: { alertname: 'TokenCostExplosion', severity: 'sev2', tenant: 'globex', namespace: 'ai' },
      annotations: { summary: 'Token spend exceeds $0.50/min for tenant globex', runbook_url: 'runbooks/token-cost-explosion.runbook.md' },
      startsAt: at(now, 4), endsAt: lease, generatorURL: g('llm_token_cost_dollars'),
    },
    {
      labels: { alertname: 'LatencyP95Exceeded', severity: 'sev2', service: 'llm-gateway', model: 'gpt-4o', namespace: 'ai' },
      annotations: { summary: 'LLM p95 latency exceeds 5s for llm-gateway', runbook_url: 'runbooks/latency-p95.runbook.md' },
      startsAt: at(now, 41), endsAt: lease, generatorURL: g('llm_request_duration_seconds_bucket'),
    },
    {
      labels: { alertname: 'GuardrailViolationSpike', severity: 'sev1', model: 'claude-3-5-sonnet', category: 'safety', namespace: 'ai' },
      annotations: { summary: 'Guardrail violations above 5% for claude-3-5-sonnet', runbook_url: 'runbooks/guardrail-violation-spike.runbook.md' },
      startsAt: at(now, 2), endsAt: lease, generatorURL: g('llm_guardrail_violations_total'),
    },
    {
      labels: { alertname: 'ProviderErrorRateHigh', severity: 'sev2', provider: 'openai', namespace: 'ai' },
      annotations: { summary: 'Provider openai error rate above 10%', runbook_url: 'runbooks/provider-error-rate.runbook.md' },
      startsAt: at(now, 25), endsAt: lease, generatorURL: g('llm_provider_errors_total'),
    },
    {
      labels: { alertname: 'NodeDown', severity: 'sev3', instance: 'gpu-node-1', namespace: 'ai' },
      annotations: { summary: 'GPU node gpu-node-1 is not reporting' },
      startsAt: at(now, 18), endsAt: lease,
    },
    {
      labels: { alertname: 'GPUMemoryPressure', severity: 'sev3', instance: 'gpu-node-1', namespace: 'ai' },
      annotations: { summary: 'GPU memory above 95% on gpu-node-1 (inhibited while the node is down)' },
      startsAt: at(now, 17), endsAt: lease,
    },
    {
      labels: { alertname: 'PromptCacheHitRateLow', severity: 'info', route: 'rag', namespace: 'ai' },
      annotations: { summary: 'Prompt cache hit rate below 20% on route rag' },
      startsAt: at(now, 95), endsAt: lease,
    },
  ];
}

/** Posts the sample alerts and silences ProviderErrorRateHigh (a known provider incident), as a colleague would. */
export async function loadSampleIncident(am: TestAlertmanager, now = Date.now(), generator?: string): Promise<{ silenceId: string }> {
  await am.postAlerts(sampleAlerts(now, generator));
  const res = await fetch(`${am.url}/api/v2/silences`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      matchers: [{ name: 'alertname', value: 'ProviderErrorRateHigh', isRegex: false, isEqual: true }, { name: 'provider', value: 'openai', isRegex: false, isEqual: true }],
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 4 * 60 * MIN).toISOString(),
      createdBy: 'dana (secondary on-call)',
      comment: 'OpenAI status page reports elevated errors; tracked in INC-4711',
    }),
  });
  if (!res.ok) throw new Error(`silence create failed: ${res.status} ${await res.text()}`);
  const { silenceID } = (await res.json()) as { silenceID: string };
  return { silenceId: silenceID };
}

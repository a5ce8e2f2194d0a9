/**
 * Turns --prometheus URL (default from ONCALL_PROMETHEUS_URL) into a client. The bearer token comes from
 * ONCALL_PROMETHEUS_TOKEN and is never printed; credentials written into the URL are refused.
 */
import { PrometheusClient } from '../prometheus/client';
import { UsageError } from './command';
import { stringFlag, type ParsedArgs } from './args';

/** The Prometheus named by the flags or the environment, or undefined when neither names one. */
export function prometheusFromFlags(p: ParsedArgs, env: NodeJS.ProcessEnv): PrometheusClient | undefined {
  const url = stringFlag(p, 'prometheus') ?? (env.ONCALL_PROMETHEUS_URL || undefined);
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--prometheus ${JSON.stringify(url)} is not a URL; write for example http://127.0.0.1:9090.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--prometheus ${JSON.stringify(url)} must be an http:// or https:// URL.`);
  if (parsed.username || parsed.password) throw new UsageError('Put no credentials in --prometheus URLs: set ONCALL_PROMETHEUS_TOKEN instead.');
  const token = env.ONCALL_PROMETHEUS_TOKEN?.trim();
  return new PrometheusClient({
    baseUrl: url,
    label: `Prometheus ${url.replace(/\/+$/, '')}`,
    ...(token ? { credentials: { kind: 'bearer' as const, token } } : {}),
  });
}

/** Like prometheusFromFlags, for commands that cannot work without a Prometheus. */
export function requiredPrometheus(p: ParsedArgs, env: NodeJS.ProcessEnv): PrometheusClient {
  const client = prometheusFromFlags(p, env);
  if (!client) throw new UsageError('--prometheus URL is required (or set ONCALL_PROMETHEUS_URL).');
  return client;
}

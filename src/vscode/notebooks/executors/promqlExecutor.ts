import * as vscode from 'vscode';
import { PrometheusClient } from '../../../prometheus/client';
import { toPlainText } from '../../../prometheus/results';
import { buildPromqlOutput, planPromqlCell } from '../../../notebooks/cells/promqlCell';
import { PROMQL_MIME } from '../../../notebooks/output/promqlOutput';
import { InputError } from '../../../common/errors';
import type { CredentialStore } from '../../common/secrets';
import type { CellExecutor, CellResult, CellRun } from './executor';

/** The Prometheus server of the settings (oncall.prometheus.*), with credentials from SecretStorage. */
export async function prometheusFromSettings(credentials: CredentialStore): Promise<PrometheusClient> {
  const c = vscode.workspace.getConfiguration('oncall');
  const url = c.get<string>('prometheus.url', '');
  if (!url) throw new InputError('No Prometheus is configured: set oncall.prometheus.url (for example http://127.0.0.1:9090).');
  return new PrometheusClient({
    baseUrl: url,
    label: `Prometheus ${url}`,
    caFile: c.get<string>('prometheus.caFile') || undefined,
    insecureSkipVerify: c.get<boolean>('prometheus.insecureSkipVerify', false),
    credentials: await credentials.get('prometheus', 'default'),
    timeoutMs: c.get<number>('requestTimeoutSeconds', 10) * 1000,
  });
}

export class PromqlExecutor implements CellExecutor {
  readonly language = 'promql';

  constructor(private readonly credentials: CredentialStore) {}

  async run(run: CellRun): Promise<CellResult> {
    const client = await prometheusFromSettings(this.credentials);
    const alertStart = run.session.alert ? Date.parse(run.session.alert.startsAt) / 1000 : undefined;
    const plan = planPromqlCell({ query: run.text, attributes: run.attributes, now: Date.now() / 1000, alertStart });
    const response = plan.kind === 'instant'
      ? await client.instant(plan.query, { time: plan.time, signal: run.signal, timeoutMs: run.timeoutMs })
      : await client.range(plan.query, { start: plan.start, end: plan.end, step: plan.step, signal: run.signal, timeoutMs: run.timeoutMs });
    const payload = buildPromqlOutput(plan, response);
    const notices = [...(client.http.tlsWarning ? [`warning: ${client.http.tlsWarning}`] : []), ...payload.notices.map((n) => `${n.kind}: ${n.text}`)].join('\n');
    const text = `${notices ? `${notices}\n` : ''}${toPlainText(response.result, { maxPointsPerSeries: 20 })}`;
    await run.execution.replaceOutput(new vscode.NotebookCellOutput([
      vscode.NotebookCellOutputItem.json(payload, PROMQL_MIME),
      vscode.NotebookCellOutputItem.text(text),
    ]));
    const count = response.result.resultType === 'vector' ? `${response.result.samples.length} samples`
      : response.result.resultType === 'matrix' ? `${response.result.series.length} series` : response.result.resultType;
    return { ok: true, message: `${plan.kind} query: ${count}`, target: { kind: 'prometheus', url: client.http.baseUrl }, outputText: text };
  }
}

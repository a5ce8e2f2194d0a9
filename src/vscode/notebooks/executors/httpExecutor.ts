import * as vscode from 'vscode';
import { HttpClient } from '../../../common/http';
import { parseHttpCell } from '../../../notebooks/cells/httpCell';
import type { CellExecutor, CellResult, CellRun } from './executor';

/** http cells: a read-only GET or HEAD, showing status, latency and headers. No shell, no credentials. */
export class HttpExecutor implements CellExecutor {
  readonly language = 'http';

  async run(run: CellRun): Promise<CellResult> {
    const req = parseHttpCell(run.text);
    const client = new HttpClient({ baseUrl: req.url.origin, label: req.url.host, timeoutMs: run.timeoutMs, maxBodyBytes: 1024 * 1024 });
    const res = await client.request(req.method, req.url.pathname + req.url.search, undefined, { signal: run.signal, headers: req.headers });
    const lines = [
      `${req.method} ${req.url.toString()}`,
      `status ${res.status} in ${res.elapsedMs.toFixed(0)} ms`,
      '',
      ...Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`),
    ];
    if (req.method === 'GET' && res.body) lines.push('', res.body.length > 2000 ? `${res.body.slice(0, 2000)}\n… (${res.body.length} bytes in all)` : res.body);
    const text = lines.join('\n');
    await run.execution.replaceOutput(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.text(text)]));
    const ok = res.status < 400;
    return { ok, message: `${req.method} ${req.url.host}: ${res.status} in ${res.elapsedMs.toFixed(0)} ms`, target: { kind: 'http', url: req.url.origin }, outputText: text };
  }
}

/**
 * `oncall runbook check FILE... [--prometheus URL] [--json]`: PromQL syntax, stale metrics (with a Prometheus),
 * unknown parameters, kubectl commands the cells cannot run, http cells and unclosed fences, printed as
 * `file:line:col: severity: message [code]` like a compiler, then one summary line.
 */
import type { CliCommand, CliIo } from '../command';
import { EXIT, UsageError } from '../command';
import { boolFlag, parseArgs } from '../args';
import { describeError } from '../../common/errors';
import { prometheusFromFlags } from '../prometheusFlags';
import { checkRunbook, formatFinding, summarize, type Finding, type KubectlSupport } from '../../notebooks/check/index';
import { kubectlParserSupport } from '../../notebooks/check/kubectlParserSupport';
import { readRunbookFile } from './runbook-cells';

const usage = `Usage: oncall runbook check FILE... [--prometheus URL] [--json]

  Checks runbooks without running them: PromQL syntax (Prometheus' own grammar, parameters filled in),
  {{parameters}} the front matter does not declare and parameters nothing can fill, kubectl commands the
  kubectl cells cannot run (shell syntax such as pipes, unsupported verbs), http cells (GET or HEAD of an
  absolute URL), fences that never close, and front matter problems. Each finding is printed as
    FILE:LINE:COL: error|warning: MESSAGE [code]
  followed by a summary line.
  --prometheus URL   Also report metrics the PromQL cells read that have no series in this Prometheus in the
                     last 24 hours (a stale runbook). Default: $ONCALL_PROMETHEUS_URL; without either, that
                     check is skipped (the summary says so). A bearer token is read from
                     $ONCALL_PROMETHEUS_TOKEN and never printed.
  --json             {"findings": [...], "summary": {...}} instead of text.

Exit codes: 0 no findings, 1 any error or warning (or a file that cannot be read), 2 usage error.`;

const FLAGS = {
  prometheus: { type: 'string' },
  json: { type: 'boolean' },
} as const;


export interface RunbookCheckDeps {
  env: NodeJS.ProcessEnv;
  /** How kubectl commands are judged: runbookCheckCommand uses the kubectl cells' own parser. */
  isSupportedKubectl?: KubectlSupport;
}

export function makeRunbookCheckCommand(deps: RunbookCheckDeps): CliCommand {
  return {
    path: ['runbook', 'check'],
    summary: 'Check runbooks: PromQL syntax, stale metrics, parameters, kubectl and http cells, unclosed fences',
    usage,
    async run(args: string[], io: CliIo): Promise<number> {
      const p = parseArgs(args, FLAGS);
      if (p.positionals.length === 0) throw new UsageError('give at least one runbook FILE.');
      const prometheus = prometheusFromFlags(p, deps.env);
      const findings: Finding[] = [];
      for (const file of p.positionals) {
        let text: string;
        try {
          text = (await readRunbookFile(file)).text;
        } catch (e) {
          findings.push({ file, line: 1, severity: 'error', code: 'unreadable-file', message: describeError(e) });
          continue;
        }
        findings.push(...(await checkRunbook(text, file, { prometheus, signal: io.signal, isSupportedKubectl: deps.isSupportedKubectl })));
      }
      const summary = summarize(findings, p.positionals.length);
      const stale = prometheus ? `stale metrics checked against ${prometheus.http.baseUrl.replace(/\/+$/, '')}` : 'stale metrics not checked (no --prometheus)';
      if (boolFlag(p, 'json')) {
        io.out(JSON.stringify({ findings, summary: { ...summary, staleMetricsChecked: prometheus !== undefined } }, null, 2));
      } else {
        for (const f of findings) io.out(formatFinding(f));
        const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
        io.out(`${n(summary.files, 'file')} checked: ${n(summary.errors, 'error')}, ${n(summary.warnings, 'warning')}; ${stale}.`);
      }
      return findings.length > 0 ? EXIT.failure : EXIT.ok;
    },
  };
}

export const runbookCheckCommand = makeRunbookCheckCommand({ env: process.env, isSupportedKubectl: kubectlParserSupport });

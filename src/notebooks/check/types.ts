/** What a runbook check reports, and what it needs. Plain data: the CLI prints findings, VS Code shows them. */
import type { PrometheusClient } from '../../prometheus/client';

export type FindingSeverity = 'error' | 'warning';

/** The kinds of finding, for filtering and for `[code]` in the CLI output. */
export type FindingCode =
  | 'unreadable-file'
  | 'binary-file'
  | 'unclosed-fence'
  | 'front-matter'
  | 'unknown-parameter'
  | 'parameter-without-value'
  | 'cell-attributes'
  | 'cell-too-large'
  | 'promql-syntax'
  | 'stale-metric'
  | 'prometheus-unreachable'
  | 'kubectl-syntax'
  | 'kubectl-unsupported'
  | 'http-cell';

export interface Finding {
  file: string;
  /** 1-based line in the file (front matter included). */
  line: number;
  /** 1-based column (UTF-16 code units) when the finding points inside the line. */
  column?: number;
  severity: FindingSeverity;
  code: FindingCode;
  message: string;
}

/**
 * Tells whether the kubectl cells can run a command: `args` are the words after `kubectl`, parameters
 * filled in. Returns undefined when supported, otherwise why not (one sentence).
 */
export type KubectlSupport = (args: string[]) => string | undefined;

export interface CheckOptions {
  /** With a Prometheus, metrics that have no series in the last 24 hours are reported (a stale runbook). */
  prometheus?: PrometheusClient;
  signal?: AbortSignal;
  /** Default: a built-in allowlist of verbs (see kubectlVerbs.ts). */
  isSupportedKubectl?: KubectlSupport;
  /** "Now" in unix seconds for the stale-metric window (default: the clock). */
  now?: number;
}

/** Runbook checks: what `oncall runbook check` and the VS Code Problems panel report. No vscode. */
export { checkRunbook, MAX_CHECKED_CELL_CHARS, CHECK_PLACEHOLDER } from './checkRunbook';
export { formatFinding, summarize } from './format';
export type { CheckSummary } from './format';
export { builtinKubectlSupport, kubectlVerb, DEFAULT_KUBECTL_VERBS } from './kubectlVerbs';
export { metricsWithoutSeries, STALE_WINDOW_SECONDS } from './staleMetrics';
export { PROMQL_PLACEHOLDER } from './promqlPlaceholders';
export type { CheckOptions, Finding, FindingCode, FindingSeverity, KubectlSupport } from './types';

/** Findings as text, the way compilers print them, so terminals and editors link `file:line:col`. */
import type { Finding } from './types';

/** `file:line:col: severity: message [code]` (no column part when the finding has none). */
export function formatFinding(f: Finding): string {
  const where = `${f.file}:${f.line}${f.column !== undefined ? `:${f.column}` : ''}`;
  return `${where}: ${f.severity}: ${f.message.replace(/[\r\n]+/g, ' ')} [${f.code}]`;
}

export interface CheckSummary {
  files: number;
  errors: number;
  warnings: number;
}

export function summarize(findings: readonly Finding[], files: number): CheckSummary {
  return {
    files,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
}

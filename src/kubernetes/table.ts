/**
 * `kubectl get` tables. Like kubectl, cells asks the API server for a Table (meta.k8s.io/v1): the server computes
 * the columns kubectl shows (READY, STATUS, RESTARTS, AGE for pods; READY, UP-TO-DATE, AVAILABLE for deployments;
 * the priority-1 columns for -o wide), and this module prints them the way kubectl's table printer does: upper-case
 * headers, a NAMESPACE column for -A, TYPE/NAME names when several types are listed, tabwriter alignment.
 */
import { tabwrite, TABLE_TABWRITER } from './tabwriter';

export interface TableColumn {
  name: string;
  type?: string;
  format?: string;
  priority?: number;
}

export interface TableRow {
  cells: unknown[];
  object?: { metadata?: { name?: string; namespace?: string } } & Record<string, unknown>;
}

/** The server's answer to a list or get with Accept: application/json;as=Table;v=v1;g=meta.k8s.io. */
export interface ServerTable {
  kind: 'Table';
  columnDefinitions: TableColumn[];
  rows: TableRow[] | null;
}

export interface TableOptions {
  wide?: boolean;
  /** Prepend NAMESPACE (kubectl get -A). */
  withNamespace?: boolean;
  /** Prefix names with the type, for example deployment.apps/ (several types in one get). */
  kindPrefix?: string;
  noHeaders?: boolean;
}

export function isServerTable(x: unknown): x is ServerTable {
  return !!x && typeof x === 'object' && (x as { kind?: unknown }).kind === 'Table' && Array.isArray((x as ServerTable).columnDefinitions);
}

/** The visible columns (indexes into the cells). */
export function visibleColumns(table: ServerTable, wide: boolean): number[] {
  const out: number[] = [];
  table.columnDefinitions.forEach((c, i) => {
    if (wide || !c.priority) out.push(i);
  });
  return out;
}

/** A cell as kubectl prints it. */
export function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '<none>';
  if (typeof cell === 'string') return escapeTerminal(cell);
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return escapeTerminal(JSON.stringify(cell));
}

/** Control characters shown as ^X, so a hostile value cannot move the cursor or recolour the output. */
export function escapeTerminal(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => (c === '\x7f' ? '^?' : `^${String.fromCharCode(c.charCodeAt(0) + 64)}`));
}

/** The table as text (no final newline when empty). */
export function renderTable(table: ServerTable, options: TableOptions = {}): string {
  const cols = visibleColumns(table, options.wide ?? false);
  const nameCol = table.columnDefinitions.findIndex((c) => c.format === 'name' || c.name === 'Name');
  const lines: string[] = [];
  if (!options.noHeaders) {
    const head = cols.map((i) => table.columnDefinitions[i].name.toUpperCase());
    if (options.withNamespace) head.unshift('NAMESPACE');
    lines.push(head.join('\t'));
  }
  for (const row of table.rows ?? []) {
    const cells = cols.map((i) => {
      const t = cellText(row.cells[i]);
      return i === nameCol && options.kindPrefix ? `${options.kindPrefix}${t}` : t;
    });
    if (options.withNamespace) cells.unshift(escapeTerminal(row.object?.metadata?.namespace ?? ''));
    lines.push(cells.join('\t'));
  }
  return tabwrite(lines.join('\n') + '\n', TABLE_TABWRITER);
}

/** The table as structured data for tools: one record per row, keyed by the column names kubectl shows. */
export function tableRecords(table: ServerTable, wide: boolean): Array<Record<string, unknown>> {
  const cols = visibleColumns(table, wide);
  return (table.rows ?? []).map((row) => {
    const rec: Record<string, unknown> = {};
    if (row.object?.metadata?.namespace) rec.NAMESPACE = row.object.metadata.namespace;
    for (const i of cols) rec[table.columnDefinitions[i].name.toUpperCase()] = row.cells[i] ?? null;
    return rec;
  });
}

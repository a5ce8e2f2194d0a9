import type { PromqlOutputTable } from '../notebooks/output/promqlOutput';

const MAX_ROWS = 500;

export function renderTable(root: HTMLElement, table: PromqlOutputTable): void {
  const t = document.createElement('table');
  const head = t.createTHead().insertRow();
  for (const c of table.columns) {
    const th = document.createElement('th');
    th.textContent = c;
    head.appendChild(th);
  }
  const body = t.createTBody();
  for (const row of table.rows.slice(0, MAX_ROWS)) {
    const tr = body.insertRow();
    for (const cell of row) tr.insertCell().textContent = cell;
  }
  root.appendChild(t);
  if (table.rows.length > MAX_ROWS) {
    const more = document.createElement('div');
    more.className = 'caption';
    more.textContent = `… ${table.rows.length - MAX_ROWS} more rows (see the text output)`;
    root.appendChild(more);
  }
}

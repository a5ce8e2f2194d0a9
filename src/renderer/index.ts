// The notebook renderer for PromQL results: a table for instant results, a uPlot chart for ranges.
// It runs in the notebook webview. Data is placed with textContent only; nothing is parsed as HTML.
import type { ActivationFunction, OutputItem } from 'vscode-notebook-renderer';
import type { PromqlOutput } from '../notebooks/output/promqlOutput';
import { renderTable } from './table';
import { renderChart } from './chart';
import css from './renderer.css';
import uplotCss from 'uplot/dist/uPlot.min.css';

let styled = false;
function ensureStyles(): void {
  if (styled) return;
  styled = true;
  const style = document.createElement('style');
  style.textContent = `${uplotCss}\n${css}`;
  document.head.appendChild(style);
}

export const activate: ActivationFunction = () => ({
  renderOutputItem(item: OutputItem, element: HTMLElement) {
    ensureStyles();
    element.replaceChildren();
    const root = document.createElement('div');
    root.className = 'oncall-promql';
    element.appendChild(root);
    let data: PromqlOutput;
    try {
      data = item.json() as PromqlOutput;
    } catch {
      root.textContent = 'On-Call: this output could not be read.';
      return;
    }
    for (const n of data.notices ?? []) {
      const p = document.createElement('div');
      p.className = `notice notice-${n.kind}`;
      p.textContent = `${n.kind === 'warning' ? 'Warning' : n.kind === 'info' ? 'Info' : 'Note'}: ${n.text}`;
      root.appendChild(p);
    }
    const caption = document.createElement('div');
    caption.className = 'caption';
    caption.textContent = `${data.resultType} · ${data.when}`;
    root.appendChild(caption);
    if (data.chart && data.chart.names.length > 0) {
      const started = performance.now();
      renderChart(root, data.chart);
      root.dataset.renderMs = (performance.now() - started).toFixed(1);
    }
    if (data.table) renderTable(root, data.table);
  },
  disposeOutputItem() {
    /* uPlot instances are garbage collected with their element */
  },
});

/**
 * Benchmark: opening and saving a runbook notebook against markdown-it's own parse.
 *   node scripts/bench.mjs notebooks        (or, built: node <bench dir>/bench/notebooks.bench.js [--rounds N])
 * Runbooks of 10 KB, 100 KB and 1 MB are built by repeating realistic sections (front matter once; headings,
 * paragraphs, lists with indented promql/kubectl/sh fences, bash/yaml fences, tables, HTML comments, CRLF-free).
 * Alternating in the same run, the order rotating every round: (a) markdown-it's parse alone (default preset,
 * md.parse), (b) ours, serializeRunbook(parseRunbook(text)); and for reference (c) markdown-it's block parse alone
 * (what parseRunbook runs inside). Wall and CPU time of each; the verdict (b/a at most 2x) is on CPU time, which
 * the neighbours' load does not inflate. Every save is checked to equal its input.
 */
import markdownIt from 'markdown-it';
import { parseRunbook, serializeRunbook, markdownParser } from '../../src/notebooks/index';
import { ReportBuilder, alternate, argNumber, cpuTimes, ms, msCell, pairedRatios, ratio, runBench, stats, timeSync, walls, x, type Sample } from './harness';

const LIMIT = 2;

const FRONT = `---
title: Model endpoint down
alert: [ModelEndpointDown, ProviderErrorRateHigh]
severity: SEV1
parameters:
  namespace: { default: ai, description: Kubernetes namespace of the model service }
  deployment: { default: llm-inference }
  instance: { label: instance }
  model: {}
---
`;

function section(i: number): string {
  return `## ${i}. Check the inference endpoint

The **model endpoint** stopped answering health checks. Confirm with \`curl -sf http://<pod-ip>:8080/healthz\`
before restarting anything; see [the escalation table](#escalation) if the outage passes *15 minutes*.

<!-- owner: ml-platform; last reviewed 2024-05 -->

1. Is the target up?

    \`\`\`promql {"name":"endpoint-up-${i}","range":"1h","step":"1m"}
    up{job="llm-inference", namespace={{namespace}}}
    \`\`\`

2. Error ratio over the last five minutes:

    \`\`\`promql {"name":"error-ratio-${i}"}
    sum(rate(llm_requests_total{status=~"5..", model={{model}}}[5m]))
      / sum(rate(llm_requests_total{model={{model}}}[5m]))
    \`\`\`

3. Restart the deployment if the pods are wedged:

    \`\`\`kubectl {name=restart-${i} confirm=true}
    rollout restart deployment/{{deployment}} -n {{namespace}}
    \`\`\`

| Signal | Threshold | Action |
|---|---|---|
| p95 latency | > 2 s | page the model owner |
| error ratio | > 5 % | fail over to the secondary provider |

\`\`\`bash
kubectl -n ai logs deploy/llm-inference --since=15m | grep -i error | tail -50
\`\`\`

\`\`\`sh {"name":"gpu-${i}"}
nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv
\`\`\`

~~~yaml
resources:
  limits:
    nvidia.com/gpu: 1
~~~

> **Note:** a restart drops in-flight requests; announce it in #incident-${i} first.

`;
}

function runbook(bytes: number): string {
  let text = FRONT;
  for (let i = 1; text.length < bytes; i++) text += section(i);
  return text;
}

/** Exported so the work is never dead code. */
export const sink: { last: unknown } = { last: undefined };

const full = markdownIt();
const block = markdownParser();

const sizes: [string, number, number][] = [
  ['10 KB', 10 * 1024, argNumber('rounds', 200)],
  ['100 KB', 100 * 1024, argNumber('rounds', 60)],
  ['1 MB', 1024 * 1024, argNumber('rounds', 21)],
];

interface Row {
  label: string;
  rounds: number;
  md: Sample[];
  ours: Sample[];
  block: Sample[];
}

async function main(): Promise<void> {
  const rep = new ReportBuilder(
    'notebooks',
    'Notebooks: open and save a runbook',
    'A runbook opens as a notebook and saves back byte for byte: for a 1 MB runbook that must cost no more than a couple of Markdown parses, so opening one during an incident is instant.',
    'node scripts/bench.mjs notebooks',
  );
  const rows: Row[] = [];
  for (const [label, bytes, rounds] of sizes) {
    const text = runbook(bytes);
    const parsed = parseRunbook(text);
    if (serializeRunbook(parsed.cells, parsed.document) !== text) throw new Error(`${label}: the save differs from the input`);
    const res = await alternate(
      {
        md: () => timeSync(() => (sink.last = full.parse(text, {}))),
        ours: () =>
          timeSync(() => {
            const p = parseRunbook(text);
            sink.last = serializeRunbook(p.cells, p.document);
          }),
        block: () =>
          timeSync(() => {
            const tokens: unknown[] = [];
            block.block.parse(text, block, {}, tokens as never);
            sink.last = tokens;
          }),
      },
      { rounds, warmup: Math.max(3, Math.floor(rounds / 5)) },
    );
    const codeCells = parsed.cells.filter((c) => c.kind === 'code').length;
    rows.push({ label: `${label} (${(text.length / 1024).toFixed(0)} KiB, ${parsed.cells.length} cells, ${codeCells} code)`, rounds, ...res });
  }
  rep.text(
    'Method: (a) markdown-it `parse` (default preset) alone; (b) ours, `serializeRunbook(parseRunbook(text))`: a notebook deserialize + serialize as the editor does on open and save; (c) markdown-it\'s block parse alone, the part of (a) that `parseRunbook` runs. ' +
      'Same process, the three sides alternating every round (rotating order, warm-up rounds thrown away). Times in ms, median (p10–p90). The verdict is on CPU time.',
  );
  rep.table(
    ['runbook', 'rounds', 'markdown-it parse CPU', 'ours CPU', 'ours / markdown-it CPU', 'markdown-it block parse CPU', 'ours / block parse CPU', 'markdown-it wall', 'ours wall', 'ours / markdown-it wall (per-round p10–p90)'],
    rows.map((r) => [
      r.label, r.rounds, msCell(stats(cpuTimes(r.md))), msCell(stats(cpuTimes(r.ours))), x(ratio(cpuTimes(r.md), cpuTimes(r.ours))),
      msCell(stats(cpuTimes(r.block))), x(ratio(cpuTimes(r.block), cpuTimes(r.ours))),
      msCell(stats(walls(r.md))), msCell(stats(walls(r.ours))),
      `${x(ratio(walls(r.md), walls(r.ours)))} (${x(pairedRatios(walls(r.md), walls(r.ours)).p10)}–${x(pairedRatios(walls(r.md), walls(r.ours)).p90)})`,
    ]),
  );
  const ratios = rows.map((r) => ratio(cpuTimes(r.md), cpuTimes(r.ours)));
  rep.aim('deserialize + serialize vs markdown-it parse (CPU)', `<= ${LIMIT}x at every size`, rows.map((r, i) => `${r.label.split(' (')[0]}: ${x(ratios[i])}`).join(', '), ratios.every((q) => q <= LIMIT));
  rep.text(`CPU times below about 1 ms (the 10 KB runbook) are near the resolution of \`process.cpuUsage\`; the wall-time ratio is shown next to it. Median ms of ours at 1 MB: ${ms(stats(cpuTimes(rows[rows.length - 1].ours)).median)}.`);
  rep.finish();
}

runBench(main);

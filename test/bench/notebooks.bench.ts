/**
 * Benchmark: opening and saving a runbook notebook against markdown-it's own parse.
 *   node esbuild.mjs --tests && node out/test/bench/notebooks.bench.js [--rounds N]
 * Runbooks of 10 KB, 100 KB and 1 MB are built by repeating realistic sections (front matter once; headings,
 * paragraphs, lists with indented promql/kubectl/sh fences, bash/yaml fences, tables, HTML comments, CRLF-free).
 * Alternating in the same run, in turn first and second: (a) markdown-it's parse alone (default preset,
 * md.parse), (b) ours, serializeRunbook(parseRunbook(text)); and for reference (c) markdown-it's block parse
 * alone (what parseRunbook runs inside). Prints median and spread (p10..p90) of each, and the ratio b/a (aim: at
 * most 2x), as a markdown table. Every save is checked to equal its input.
 */
import markdownIt from 'markdown-it';
import { parseRunbook, serializeRunbook, markdownParser } from '../../src/notebooks/index';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

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

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), p10: quantile(s, 0.1), p90: quantile(s, 0.9) };
}

function time(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Exported so the work is never dead code. */
export const sink: { last: unknown } = { last: undefined };

const full = markdownIt();
const block = markdownParser();

const sizes: [string, number, number][] = [
  ['10 KB', 10 * 1024, arg('rounds', 0) || 300],
  ['100 KB', 100 * 1024, arg('rounds', 0) || 60],
  ['1 MB', 1024 * 1024, arg('rounds', 0) || 21],
];

const fmt = (n: number) => n.toFixed(n < 10 ? 3 : 1);
const rows: string[] = [];
for (const [label, bytes, rounds] of sizes) {
  const text = runbook(bytes);
  const parsed = parseRunbook(text);
  if (serializeRunbook(parsed.cells, parsed.document) !== text) throw new Error(`${label}: the save differs from the input`);
  const runs = {
    md: () => (sink.last = full.parse(text, {})),
    ours: () => {
      const p = parseRunbook(text);
      sink.last = serializeRunbook(p.cells, p.document);
    },
    block: () => {
      const tokens: unknown[] = [];
      block.block.parse(text, block, {}, tokens as never);
      sink.last = tokens;
    },
  };
  for (let w = 0; w < Math.max(3, Math.floor(rounds / 5)); w++) for (const f of Object.values(runs)) f();
  const samples: Record<keyof typeof runs, number[]> = { md: [], ours: [], block: [] };
  const order: (keyof typeof runs)[] = ['md', 'ours', 'block'];
  for (let r = 0; r < rounds; r++) {
    // Alternate who goes first, so warm caches and GC debt fall on each in turn.
    const turn = r % 2 === 0 ? order : [...order].reverse();
    for (const k of turn) samples[k].push(time(runs[k]));
  }
  const md = stats(samples.md);
  const ours = stats(samples.ours);
  const blk = stats(samples.block);
  const codeCells = parsed.cells.filter((c) => c.kind === 'code').length;
  rows.push(
    `| ${label} (${(text.length / 1024).toFixed(0)} KiB, ${parsed.cells.length} cells, ${codeCells} code) | ${rounds} | ${fmt(md.median)} (${fmt(md.p10)}..${fmt(md.p90)}) | ${fmt(ours.median)} (${fmt(ours.p10)}..${fmt(ours.p90)}) | ${(ours.median / md.median).toFixed(2)}x | ${fmt(blk.median)} (${fmt(blk.p10)}..${fmt(blk.p90)}) | ${(ours.median / blk.median).toFixed(2)}x |`,
  );
}

console.log(`Node ${process.version}; times in ms, median (p10..p90)`);
console.log('| runbook | rounds | markdown-it parse | ours: parse + serialize | ours / markdown-it | markdown-it block parse only | ours / block parse |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);

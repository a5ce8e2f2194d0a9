/**
 * Benchmark: each kubectl cell operation, ours (through @kubernetes/client-node, in process) against the real kubectl
 * binary (same version as the apiserver, a process per call, as a terminal runs it), on the same real cluster in the
 * same rounds (the order rotating every round):
 *   - ours "warm": the notebook case, one session reused across cells (kept-alive TLS connection);
 *   - ours "cold": a new session per call (kubeconfig read, client built, new TLS handshake).
 * Mutations use the engineer's flow: ours = server dry run + confirmed change; kubectl = the change alone.
 * Also reports what loading @kubernetes/client-node costs (bundle size, require time in a fresh process).
 *   npm run bench:kubernetes        (node scripts/bench.mjs kubernetes [-- --rounds N])
 * Needs the control plane of scripts/k8s (bash scripts/setup.sh builds it); without it, it cannot measure (exit 1).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { kubeClusterSkipReason, kubeVersions, startKubeCluster } from '../support/kubeCluster';
import { repoRoot } from '../support/codeServer';
import { kubectl } from '../integration/kubeSupport';
import { loadKubeconfig, selectContext } from '../../src/kubernetes/kubeconfig';
import { closeSession, executeKubectl } from '../../src/kubernetes/run';
import { parseKubectlArgs } from '../../src/kubernetes/args';
import { ReportBuilder, alternate, argNumber, childrenCpuMs, cpuTimes, median, ms, msCell, ratio, runBench, stats, timeAsync, walls, x, type Sample } from './harness';

const ROUNDS = argNumber('rounds', 11);
const WARMUP = 2;
const LIMIT = 0.5;

interface Op {
  name: string;
  words: string[];
  mutation?: boolean;
}

const OPS: Op[] = [
  { name: 'get pods', words: ['get', 'pods', '-n', 'ai'] },
  { name: 'get pods -o wide -A', words: ['get', 'pods', '-o', 'wide', '-A'] },
  { name: 'get deploy -o yaml', words: ['get', 'deploy', 'llm-inference', '-n', 'ai', '-o', 'yaml'] },
  { name: 'describe deployment', words: ['describe', 'deployment', 'llm-inference', '-n', 'ai'] },
  { name: 'logs deploy --tail=50', words: ['logs', 'deploy/llm-inference', '-n', 'ai', '--tail=50'] },
  { name: 'logs -l selector', words: ['logs', '-l', 'app=llm-gateway', '-n', 'ai', '--tail=50'] },
  { name: 'rollout history', words: ['rollout', 'history', 'deployment/llm-inference', '-n', 'ai'] },
  { name: 'rollout status', words: ['rollout', 'status', 'deployment/llm-inference', '-n', 'ai'] },
  { name: 'set env (server dry run)', words: ['set', 'env', 'deployment/llm-gateway', 'CACHE_ENABLED=true', '-n', 'ai', '--dry-run=server'] },
  { name: 'rollout undo (server dry run)', words: ['rollout', 'undo', 'deployment/llm-inference', '-n', 'ai', '--dry-run=server'] },
  { name: 'annotate (dry run + change)', words: ['annotate', 'deployment/llm-gateway', '-n', 'ai', '--overwrite'], mutation: true },
  { name: 'patch configmap (dry run + change)', words: ['patch', 'configmap', 'llm-quotas', '-n', 'ai', '--type', 'merge', '-p'], mutation: true },
];

/** The words of round r (mutations change a value each round so every run really changes something). */
function wordsFor(op: Op, r: number, who: string): string[] {
  if (op.name.startsWith('annotate')) return [...op.words, `bench/round=${who}-${r}`];
  if (op.name.startsWith('patch')) return [...op.words, JSON.stringify({ data: { rpm_limit: `${600 + r}`, bench: `${who}-${r}` } })];
  return op.words;
}

async function clientNodeCost(): Promise<{ pureKb: number; runKb: number; requirePureMs: number; requireRunMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'oncall-kbench-'));
  try {
    const root = repoRoot();
    const build = async (entry: string, out: string) => {
      await esbuild.build({ entryPoints: [join(root, entry)], bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, outfile: join(dir, out), logLevel: 'error', external: ['vscode'] });
      return statSync(join(dir, out)).size / 1024;
    };
    const pureKb = await build('src/kubernetes/plan.ts', 'plan.js');
    const runKb = await build('src/kubernetes/run.ts', 'run.js');
    const timeRequire = (file: string) => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        const script = `const t=process.hrtime.bigint();require(${JSON.stringify(join(dir, file))});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
        samples.push(Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
      }
      return median(samples);
    };
    writeFileSync(join(dir, 'package.json'), '{}');
    return { pureKb, runKb, requirePureMs: timeRequire('plan.js'), requireRunMs: timeRequire('run.js') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const reason = kubeClusterSkipReason();
  if (reason) throw new Error(`no cluster can be started here: ${reason}`);
  const rep = new ReportBuilder(
    'kubernetes',
    'Kubernetes: kubectl cells against the kubectl binary',
    'A kubectl cell runs during an incident, often several in a row: each must answer well before the kubectl command an engineer would type instead, on the same cluster.',
    'npm run bench:kubernetes',
  );
  const cost = await clientNodeCost();
  const cluster = await startKubeCluster();
  const rows: (string | number)[][] = [];
  const aimFigures: string[] = [];
  let allMet = true;
  try {
    const config = loadKubeconfig({ kubeconfig: cluster.kubeconfig });
    const warm = selectContext(config);
    for (const op of OPS) {
      let round = 0;
      const res = await alternate(
        {
          kubectl: async (): Promise<Sample> => {
            const words = wordsFor(op, round, 'k');
            const cpu0 = childrenCpuMs();
            const t0 = performance.now();
            const k = await kubectl(cluster.kubeconfig, words);
            const wall = performance.now() - t0;
            if (k.code !== 0) throw new Error(`kubectl ${op.name}: ${k.stderr}`);
            return { wall, cpu: childrenCpuMs() - cpu0 };
          },
          warm: () =>
            timeAsync(async () => {
              const o = parseKubectlArgs(wordsFor(op, round, 'w'));
              if (op.mutation) {
                const preview = await executeKubectl(o, warm, { dryRun: true });
                await executeKubectl(o, warm, { confirmed: preview });
              } else {
                await executeKubectl(o, warm);
              }
            }),
          cold: () =>
            timeAsync(async () => {
              const session = selectContext(loadKubeconfig({ kubeconfig: cluster.kubeconfig }));
              const o = parseKubectlArgs(wordsFor(op, round, 'c'));
              try {
                if (op.mutation) {
                  const preview = await executeKubectl(o, session, { dryRun: true });
                  await executeKubectl(o, session, { confirmed: preview });
                } else {
                  await executeKubectl(o, session);
                }
              } finally {
                closeSession(session);
              }
            }),
        },
        { rounds: ROUNDS, warmup: WARMUP, before: () => void round++ },
      );
      const k = walls(res.kubectl);
      const w = walls(res.warm);
      const c = walls(res.cold);
      const rw = ratio(k, w);
      const rc = ratio(k, c);
      if (rw > LIMIT) allMet = false;
      aimFigures.push(`${op.name}: ${x(rw)}`);
      rows.push([op.name, msCell(stats(k)), msCell(stats(w)), msCell(stats(c)), x(rw), x(rc), msCell(stats(cpuTimes(res.kubectl))), msCell(stats(cpuTimes(res.warm)))]);
      console.error(`[kubernetes] ${op.name}: kubectl ${ms(median(k))} ms, ours warm ${ms(median(w))} ms, cold ${ms(median(c))} ms`);
    }
    closeSession(warm);
  } finally {
    await cluster.stop();
  }
  rep.text(
    `Method: the real control plane of scripts/k8s (Kubernetes ${kubeVersions().kubernetes}, seeded \`ai\` namespace, pods faked by kwok), one cluster for the whole run. ` +
      '**kubectl** = the kubectl binary built with the control plane, one process per call as a terminal runs it (its discovery cache in a private folder, kept across calls as in ~/.kube/cache); ' +
      '**ours warm** = `executeKubectl` on one session reused across cells, as a notebook does; **ours cold** = a new session per call (kubeconfig read, client built, new TLS handshake). ' +
      'Mutations follow the engineer\'s flow: ours = server dry run (the preview) + the confirmed change, kubectl = the change alone. ' +
      `${ROUNDS} rounds per operation after ${WARMUP} warm-up rounds, the order rotating every round. Times in ms, median (p10–p90); CPU of kubectl from the kernel's accounting (10 ms ticks), CPU of ours = this process.`,
  );
  rep.table(['operation', 'kubectl', 'ours warm', 'ours cold', 'ours warm / kubectl', 'ours cold / kubectl', 'kubectl CPU', 'ours warm CPU'], rows);
  rep.text(
    `What client-node costs, and why it is loaded only on the first kubectl cell: the pure core (argument parser, kubeconfig, plans) bundles to ${cost.pureKb.toFixed(0)} KiB minified and requires in ${ms(cost.requirePureMs)} ms in a fresh Node; ` +
      `with client-node (src/kubernetes/run.ts) ${cost.runKb.toFixed(0)} KiB and ${ms(cost.requireRunMs)} ms (medians of 5 fresh processes).`,
  );
  rep.aim('ours (warm session) vs kubectl, each operation', `<= ${LIMIT}x of kubectl's wall time`, aimFigures.join(', '), allMet);
  rep.finish();
}

runBench(main);

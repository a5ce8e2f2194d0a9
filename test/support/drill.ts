/**
 * The incident-drill harness: for one drill, everything an on-call engineer's machine would talk to, started for
 * real, and a record of what the engineer did.
 *  - live incident data (backfilled three hours ending now, continued by a scraped endpoint) in Prometheus, with a
 *    test copy of the shipped alert rules (`for: 0s`, resend delay 1 s) alerting to a real Alertmanager;
 *  - a watcher that notes when the drill's alert first reaches Alertmanager;
 *  - the sample service repository (shipped runbooks, a prompt commit an hour old) as a git repository;
 *  - code-server with the packaged extension, and Chromium on it;
 *  - the Kubernetes control plane is passed in (one cluster can serve several drills).
 * A drill counts the engineer's actions (clicks, accepted prompts, confirmations) and times the alert's arrival in
 * Alertmanager to the postmortem's commit; report() prints that and merges it into test-artifacts/drills.json.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parse, stringify } from 'yaml';
import { startAlertmanager, type TestAlertmanager } from './alertmanager';
import { startPrometheus, type RunningPrometheus } from './prometheus';
import { timeline, type Timeline } from './incidentData';
import { startLiveIncidentData, type LiveIncidentData } from './liveIncident';
import { sampleWorkspace } from './sampleWorkspace';
import { repoRoot, startCodeServer, type CodeServer } from './codeServer';
import { openWorkbench, screenshot, type BrowserSession } from './browser';
import type { KubeCluster } from './kubeCluster';
import { removeDir, tempDir } from './process';

export const SHIPPED_RULES = join(repoRoot(), 'runbooks', 'rules', 'ai-service-alerts.rules.yml');

interface RuleFile {
  groups: { name: string; rules: { alert?: string; record?: string; for?: string }[] }[];
}

/**
 * A test copy of the shipped rules that fire `alertnames`, with `for: 0s` so they fire at the first evaluation
 * (Prometheus never fires from backfilled history). Returns the file's path inside `dir`.
 */
export function testRules(dir: string, alertnames: string[]): string {
  const rules = parse(readFileSync(SHIPPED_RULES, 'utf8')) as RuleFile;
  for (const g of rules.groups) {
    g.rules = g.rules.filter((r) => r.alert !== undefined && alertnames.includes(r.alert)).map((r) => ({ ...r, for: '0s' }));
  }
  const found = rules.groups.flatMap((g) => g.rules.map((r) => r.alert));
  for (const a of alertnames) if (!found.includes(a)) throw new Error(`the shipped rules have no alert ${a}`);
  const file = join(dir, 'drill.rules.yml');
  writeFileSync(file, stringify(rules));
  return file;
}

export interface DrillOptions {
  /** The drill's name in reports and screenshots. */
  name: string;
  /** The alert the drill is about (its rule is loaded, its arrival timed). */
  alertname: string;
  cluster?: KubeCluster;
  author?: string;
}

export interface DrillReport {
  drill: string;
  alertname: string;
  /** When the alert first showed in Alertmanager's API (ISO). */
  alertInAlertmanagerAt: string;
  postmortemCommittedAt: string;
  /** Seconds from the one to the other: machine time (the engineer's reading time is not in it). */
  alertToPostmortemSeconds: number;
  actions: number;
  actionLog: string[];
  screenshots: string[];
}

export class Drill {
  readonly actionLog: string[] = [];
  readonly screenshots: string[] = [];
  alertAt: number | undefined;
  private watching = true;
  private watcher: Promise<void> | undefined;

  private constructor(
    readonly opts: DrillOptions,
    readonly root: string,
    readonly folder: string,
    readonly timeline: Timeline,
    readonly live: LiveIncidentData,
    readonly am: TestAlertmanager,
    readonly prom: RunningPrometheus,
    readonly server: CodeServer,
    readonly browser: BrowserSession,
  ) {}

  get page(): Page {
    return this.browser.page;
  }

  /** Starts every server of the drill and opens the workbench; the alert is on its way to Alertmanager. */
  static async start(opts: DrillOptions): Promise<Drill> {
    const root = tempDir(`drill-${opts.name}`);
    const stops: (() => Promise<unknown>)[] = [];
    try {
      const folder = join(root, 'llm-platform');
      sampleWorkspace(folder);
      const tl = timeline();
      const live = await startLiveIncidentData(tl);
      stops.push(live.stop);
      const am = await startAlertmanager();
      stops.push(am.stop);
      const prom = await startPrometheus({
        data: { end: tl.end },
        rulesFiles: [testRules(root, [opts.alertname])],
        alertmanagerUrl: am.url,
        resendDelay: '1s',
        scrapeConfigYaml: live.scrapeConfigYaml,
      });
      stops.push(prom.stop);
      const server = await startCodeServer({
        vsix: join(repoRoot(), 'dist', 'oncall.vsix'),
        folder,
        settings: {
          'oncall.alertmanagers': [{ name: 'prod-am', url: am.url }],
          'oncall.prometheus.url': prom.url,
          'oncall.alerts.refreshIntervalSeconds': 2,
          'oncall.author': opts.author ?? 'drill-engineer',
          ...(opts.cluster ? { 'oncall.kubernetes.kubeconfig': opts.cluster.kubeconfig, 'oncall.kubernetes.protectedContexts': [] } : {}),
        },
      });
      stops.push(server.stop);
      const browser = await openWorkbench(server.url, folder);
      const drill = new Drill(opts, root, folder, tl, live, am, prom, server, browser);
      drill.watcher = drill.watchAlertmanager();
      return drill;
    } catch (e) {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
      removeDir(root);
      throw e;
    }
  }

  /** Starts a drill, runs `body` on it (a screenshot when it fails) and always stops every server it started. */
  static async run(opts: DrillOptions, body: (drill: Drill) => Promise<void>): Promise<void> {
    const drill = await Drill.start(opts);
    try {
      await body(drill);
    } catch (e) {
      await drill.shot('failure').catch(() => undefined);
      throw e;
    } finally {
      await drill.stop();
    }
  }

  /** Notes when the drill's alert first appears in Alertmanager's API (polled every 100 ms). */
  private async watchAlertmanager(): Promise<void> {
    while (this.watching && this.alertAt === undefined) {
      try {
        const alerts = (await (await fetch(`${this.am.url}/api/v2/alerts`)).json()) as { labels: Record<string, string> }[];
        if (alerts.some((a) => a.labels.alertname === this.opts.alertname)) this.alertAt = Date.now();
      } catch {
        /* not answering yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * One engineer action, counted and named in the report: one click (a right-click too), one Enter that accepts a
   * prompt (typed text or its prefilled answer), or one confirmation. Hovering, scrolling and typing are not counted.
   */
  async act<T>(what: string, fn: () => Promise<T>): Promise<T> {
    this.actionLog.push(what);
    return fn();
  }

  async shot(step: string): Promise<void> {
    this.screenshots.push(await screenshot(this.page, `drill-${this.opts.name}-${step}`));
  }

  /** The report of a finished drill: printed, and merged into test-artifacts/drills.json. */
  report(postmortemCommittedAt: number): DrillReport {
    if (this.alertAt === undefined) throw new Error('the alert never reached Alertmanager');
    const r: DrillReport = {
      drill: this.opts.name,
      alertname: this.opts.alertname,
      alertInAlertmanagerAt: new Date(this.alertAt).toISOString(),
      postmortemCommittedAt: new Date(postmortemCommittedAt).toISOString(),
      alertToPostmortemSeconds: Math.round((postmortemCommittedAt - this.alertAt) / 100) / 10,
      actions: this.actionLog.length,
      actionLog: [...this.actionLog],
      screenshots: this.screenshots.map((s) => s.replace(`${repoRoot()}/`, '')),
    };
    process.stdout.write(`[drill] ${r.drill}: alert in Alertmanager -> postmortem committed ${r.alertToPostmortemSeconds} s, ${r.actions} engineer actions (${r.actionLog.join('; ')})\n`);
    const dir = join(repoRoot(), 'test-artifacts');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'drills.json');
    let all: Record<string, DrillReport> = {};
    try {
      all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, DrillReport>;
    } catch {
      /* first drill of the run */
    }
    all[r.drill] = r;
    writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
    return r;
  }

  /** The lines of this drill's incident log for the alert (JSON objects), from .oncall/incidents/. */
  incidentEvents(): Record<string, unknown>[] {
    const dir = join(this.folder, '.oncall', 'incidents');
    const file = readdirSync(dir).find((f) => f.includes(this.opts.alertname.toLowerCase()));
    if (!file) throw new Error(`no incident log for ${this.opts.alertname} in ${readdirSync(dir).join(', ')}`);
    return readFileSync(join(dir, file), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  async stop(): Promise<void> {
    this.watching = false;
    await this.watcher;
    await this.browser.close();
    await this.server.stop();
    await this.prom.stop();
    await this.am.stop();
    await this.live.stop();
    removeDir(this.root);
  }
}

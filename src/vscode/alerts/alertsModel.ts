import * as vscode from 'vscode';
import { AlertmanagerClient } from '../../alerts/alertmanagerClient';
import { fetchAlerts, fetchSilences, fetchGroups } from '../../alerts/fetchAll';
import { matchesAll, parseMatchers } from '../../alerts/matchers';
import type { Alert, AlertGroup, Matcher, Silence, SourceError } from '../../alerts/model';
import { describeError } from '../../common/errors';
import { SingleFlight } from '../../common/singleFlight';
import { readConfig, type OnCallConfig } from '../common/config';
import type { CredentialStore } from '../common/secrets';
import type { Log } from '../common/log';

export interface AlertsSnapshot {
  /** All alerts from every source, merged by fingerprint (unfiltered). */
  alerts: Alert[];
  errors: SourceError[];
  silences: Silence[];
  silenceErrors: SourceError[];
  /** Alertmanager's own groups, fetched only when the panel groups by them. */
  groups: AlertGroup[] | undefined;
  /** When this snapshot was fetched (ms), or undefined before the first refresh. */
  fetchedAt: number | undefined;
  /** Per source: when it last answered correctly (ms). */
  lastGood: ReadonlyMap<string, number>;
}

/**
 * Owns the alerts: polls the Alertmanagers, keeps the last snapshot, and fires one change event per refresh.
 * At most one refresh is in flight: pressing refresh while one runs joins it instead of starting another.
 */
export class AlertsModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AlertsSnapshot>();
  readonly onDidChange = this.changed.event;
  private readonly loading = new vscode.EventEmitter<boolean>();
  readonly onDidChangeLoading = this.loading.event;

  private current: AlertsSnapshot = { alerts: [], errors: [], silences: [], silenceErrors: [], groups: undefined, fetchedAt: undefined, lastGood: new Map() };
  private readonly refreshes = new SingleFlight<void>();
  private configuring: Promise<void> = Promise.resolve();
  private abort: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  private clients: AlertmanagerClient[] = [];
  private config: OnCallConfig = readConfig();
  private filterText = '';
  private filter: Matcher[] = [];

  constructor(private readonly credentials: CredentialStore, private readonly log: Log) {}

  get snapshot(): AlertsSnapshot {
    return this.current;
  }

  get settings(): OnCallConfig {
    return this.config;
  }

  get filterExpression(): string {
    return this.filterText;
  }

  /** Alerts that pass the filter box. */
  visibleAlerts(): Alert[] {
    if (this.filter.length === 0) return this.current.alerts;
    return this.current.alerts.filter((a) => matchesAll(this.filter, a.labels));
  }

  /** Sets the filter (Alertmanager matcher syntax); throws InputError on bad syntax, leaving the old filter. */
  setFilter(text: string): void {
    const trimmed = text.trim();
    this.filter = trimmed ? parseMatchers(trimmed) : [];
    this.filterText = trimmed;
    this.changed.fire(this.current);
  }

  /** Throws InputError when the text is not valid matcher syntax. */
  validateFilter(text: string): void {
    if (text.trim()) parseMatchers(text.trim());
  }

  clientFor(sourceName: string): AlertmanagerClient | undefined {
    return this.clients.find((c) => c.source.name === sourceName);
  }

  get allClients(): readonly AlertmanagerClient[] {
    return this.clients;
  }

  /** Re-reads settings and credentials, then refreshes. A refresh asked for meanwhile waits for it. */
  async reconfigure(): Promise<void> {
    this.configuring = this.loadClients();
    this.abort?.abort();
    await this.configuring;
    await this.refresh();
  }

  private async loadClients(): Promise<void> {
    this.config = readConfig();
    const clients: AlertmanagerClient[] = [];
    for (const source of this.config.alertmanagers) {
      try {
        const credentials = await this.credentials.get('alertmanager', source.name);
        const client = new AlertmanagerClient(source, {
          credentials,
          timeoutMs: this.config.requestTimeoutSeconds * 1000,
          severityMapping: Object.keys(this.config.severityMapping).length ? this.config.severityMapping : undefined,
        });
        if (client.http.tlsWarning) this.log.warn('alerts', client.http.tlsWarning);
        clients.push(client);
      } catch (e) {
        this.log.error('alerts', `cannot set up ${source.name}: ${describeError(e)}`);
      }
    }
    this.clients = clients;
  }

  /** Fetches now. At most one refresh runs at a time: a call during one joins it. */
  refresh(): Promise<void> {
    return this.refreshes.run(() => this.configuring.then(() => this.doRefresh()).finally(() => this.schedule()));
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const seconds = this.config.refreshIntervalSeconds;
    if (this.disposed || seconds <= 0) return;
    this.timer = setTimeout(() => void this.refresh(), seconds * 1000);
  }

  private async doRefresh(): Promise<void> {
    const ctrl = new AbortController();
    this.abort = ctrl;
    this.loading.fire(true);
    try {
      const wantGroups = this.config.groupBy === 'alertmanager-groups';
      const [alerts, silences, groups] = await Promise.all([
        fetchAlerts(this.clients, ctrl.signal),
        fetchSilences(this.clients, ctrl.signal),
        wantGroups ? fetchGroups(this.clients, ctrl.signal) : Promise.resolve(undefined),
      ]);
      if (ctrl.signal.aborted || this.disposed) return;
      const now = Date.now();
      const lastGood = new Map(this.current.lastGood);
      const failed = new Set(alerts.errors.map((e) => e.source));
      for (const c of this.clients) if (!failed.has(c.source.name)) lastGood.set(c.source.name, now);
      for (const e of alerts.errors) this.log.warn('alerts', `${e.source}: ${e.message}`);
      this.current = {
        alerts: alerts.alerts,
        errors: alerts.errors,
        silences: silences.silences,
        silenceErrors: silences.errors,
        groups: groups?.groups,
        fetchedAt: now,
        lastGood,
      };
      this.log.debug('alerts', `refreshed: ${alerts.alerts.length} alerts, ${alerts.errors.length} source errors`);
      this.changed.fire(this.current);
    } catch (e) {
      this.log.error('alerts', `refresh failed: ${describeError(e)}`);
    } finally {
      this.loading.fire(false);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.abort?.abort();
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
    this.loading.dispose();
  }
}

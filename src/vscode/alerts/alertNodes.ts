import * as vscode from 'vscode';
import type { Alert, Silence, SourceError } from '../../alerts/model';
import { escalationOf, responseStatus } from '../../alerts/escalation';
import { formatAge, formatEnd, stateLabel } from '../../alerts/format';
import { ackFor } from '../../alerts/acks';
import { formatMatcher } from '../../alerts/matchers';
import { Commands, ItemContext } from '../common/ids';

/** What every node needs to render itself. */
export interface RenderContext {
  now: number;
  nameOfFingerprint: ReadonlyMap<string, string>;
  silences: readonly Silence[];
}

export abstract class Node {
  /** A key that changes whenever the rendered item would change. */
  abstract readonly signature: string;
  abstract getTreeItem(): vscode.TreeItem;
  getChildren(): Node[] {
    return [];
  }
}

const SEVERITY_ICON: Record<string, vscode.ThemeColor> = {
  SEV1: new vscode.ThemeColor('errorForeground'),
  SEV2: new vscode.ThemeColor('editorWarning.foreground'),
  SEV3: new vscode.ThemeColor('editorInfo.foreground'),
  SEV4: new vscode.ThemeColor('descriptionForeground'),
};

export class AlertNode extends Node {
  private item: vscode.TreeItem | undefined;
  signature = '';
  private description = '';
  private ack: { by: string; since: string } | undefined;
  private stateText = '';

  constructor(public alert: Alert, ctx: RenderContext) {
    super();
    this.update(alert, ctx);
  }

  /** Takes new data; returns true when the visible item changed (and must be redrawn). */
  update(alert: Alert, ctx: RenderContext): boolean {
    this.alert = alert;
    this.ack = ackFor(alert, ctx.silences);
    this.stateText = stateLabel(alert, ctx.nameOfFingerprint, ctx.silences, ctx.now);
    const parts: string[] = [];
    if (alert.severity) parts.push(alert.severity.level);
    const status = responseStatus(alert, ctx.now);
    parts.push(`${this.stateText} ${formatAge(status.ageMs)}`);
    if (alert.state === 'firing' && status.overdue && !this.ack) parts.push('⚠ past response time');
    if (this.ack) parts.push(`acked by ${this.ack.by}`);
    if (alert.state === 'firing') parts.push(`L${escalationOf(alert, ctx.now).level}`);
    const description = parts.join(' · ');
    const signature = [description, alert.sources.join(','), JSON.stringify(alert.annotations), alert.endsAt ?? '', alert.silencedBy.join(','), alert.inhibitedBy.join(',')].join('|');
    const changed = signature !== this.signature;
    if (changed) {
      this.signature = signature;
      this.description = description;
      this.item = undefined;
    }
    return changed;
  }

  getTreeItem(): vscode.TreeItem {
    if (this.item) return this.item;
    const a = this.alert;
    const name = a.labels.alertname ?? '(no alertname)';
    const detail = a.labels.model ?? a.labels.tenant ?? a.labels.provider ?? a.labels.instance ?? a.labels.service ?? '';
    const item = new vscode.TreeItem(detail ? `${name} — ${detail}` : name, vscode.TreeItemCollapsibleState.None);
    item.id = `alert:${a.fingerprint}`;
    item.description = this.description;
    item.contextValue = ItemContext.alert(a.state) + (a.annotations.runbook_url ? ':runbook' : '') + (a.generatorURL ? ':prom' : '');
    item.iconPath = iconFor(a, this.ack !== undefined);
    item.tooltip = this.tooltip();
    item.accessibilityInformation = { label: `${name} ${detail} ${this.description}`.trim() };
    item.command = { command: Commands.showDetails, title: 'Show alert details', arguments: [this] };
    this.item = item;
    return item;
  }

  private tooltip(): vscode.MarkdownString {
    const a = this.alert;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = false;
    md.supportHtml = false;
    md.appendMarkdown(`**${escapeMd(a.labels.alertname ?? '(no alertname)')}** — ${escapeMd(this.stateText)}\n\n`);
    if (a.annotations.summary) md.appendMarkdown(`${escapeMd(a.annotations.summary)}\n\n`);
    if (a.severity) md.appendMarkdown(`Severity **${a.severity.level}**: respond within ${escapeMd(a.severity.responseText)}\n\n`);
    md.appendMarkdown(`Started ${escapeMd(new Date(a.startsAt).toISOString())} · ends ${escapeMd(formatEnd(a))}\n\n`);
    if (this.ack) md.appendMarkdown(`Acknowledged by ${escapeMd(this.ack.by)} since ${escapeMd(this.ack.since)}\n\n`);
    md.appendMarkdown(`Sources: ${escapeMd(a.sources.join(', '))}\n\n`);
    md.appendMarkdown('| label | value |\n|---|---|\n');
    for (const [k, v] of Object.entries(a.labels)) md.appendMarkdown(`| ${escapeMd(k)} | ${escapeMd(v)} |\n`);
    const notes = Object.entries(a.annotations).filter(([k]) => k !== 'summary');
    if (notes.length) {
      md.appendMarkdown('\n| annotation | value |\n|---|---|\n');
      for (const [k, v] of notes) md.appendMarkdown(`| ${escapeMd(k)} | ${escapeMd(v)} |\n`);
    }
    return md;
  }
}

function iconFor(a: Alert, acked: boolean): vscode.ThemeIcon {
  const color = a.severity ? SEVERITY_ICON[a.severity.level] : undefined;
  if (a.state === 'silenced') return new vscode.ThemeIcon('bell-slash', new vscode.ThemeColor('descriptionForeground'));
  if (a.state === 'inhibited') return new vscode.ThemeIcon('debug-step-over', new vscode.ThemeColor('descriptionForeground'));
  if (a.state === 'pending') return new vscode.ThemeIcon('watch', color);
  if (acked) return new vscode.ThemeIcon('pass', color);
  if (a.state === 'firing') return new vscode.ThemeIcon('flame', color);
  return new vscode.ThemeIcon('question');
}

/** Escapes text for a MarkdownString table or line: data from alerts is never markup. */
export function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** Groups with more alerts than this start collapsed. */
export const LARGE_GROUP = 500;

export class GroupNode extends Node {
  private item: vscode.TreeItem | undefined;
  signature: string;

  constructor(readonly key: string, readonly label: string, public children: AlertNode[]) {
    super();
    this.signature = this.computeSignature();
  }

  setChildren(children: AlertNode[]): boolean {
    this.children = children;
    const sig = this.computeSignature();
    if (sig === this.signature) return false;
    this.signature = sig;
    this.item = undefined;
    return true;
  }

  private computeSignature(): string {
    const firing = this.children.filter((c) => c.alert.state === 'firing').length;
    return `${this.label}|${this.children.length}|${firing}`;
  }

  override getChildren(): Node[] {
    return this.children;
  }

  getTreeItem(): vscode.TreeItem {
    if (this.item) return this.item;
    // A group of an outage storm starts collapsed: expanded, VS Code would ask for every one of its thousands of
    // items at once (all built, sent to the workbench and kept in the extension host; see docs/benchmarks.md).
    const state = this.children.length > LARGE_GROUP ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
    const item = new vscode.TreeItem(this.label, state);
    item.id = `group:${this.key}`;
    const firing = this.children.filter((c) => c.alert.state === 'firing').length;
    item.description = `${firing} firing / ${this.children.length}`;
    item.contextValue = ItemContext.group;
    this.item = item;
    return item;
  }
}

export class SourceErrorNode extends Node {
  readonly signature: string;
  constructor(readonly error: SourceError, private readonly lastGood: number | undefined) {
    super();
    this.signature = `${error.source}|${error.message}|${lastGood ?? ''}`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(`${this.error.source}: unreachable`, vscode.TreeItemCollapsibleState.None);
    item.id = `error:${this.error.source}`;
    item.description = this.lastGood ? `last good refresh ${new Date(this.lastGood).toISOString().slice(11, 19)} UTC` : 'never reached';
    item.tooltip = `${this.error.message}${this.lastGood ? `\nAlerts from this source are NOT shown; the last good refresh was at ${new Date(this.lastGood).toISOString()}.` : ''}`;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.contextValue = ItemContext.sourceError;
    return item;
  }
}

export class InfoNode extends Node {
  readonly signature: string;
  constructor(readonly text: string, private readonly icon = 'info', private readonly command?: vscode.Command) {
    super();
    this.signature = text;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.id = `info:${this.text}`;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = ItemContext.info;
    if (this.command) item.command = this.command;
    return item;
  }
}

export class SilenceNode extends Node {
  readonly signature: string;
  constructor(readonly silence: Silence, readonly isAck: boolean) {
    super();
    this.signature = JSON.stringify(silence);
  }
  getTreeItem(): vscode.TreeItem {
    const s = this.silence;
    const label = s.matchers.map(formatMatcher).join(', ');
    const item = new vscode.TreeItem(label || '(no matchers)', vscode.TreeItemCollapsibleState.None);
    item.id = `silence:${s.source}:${s.id}`;
    const until = new Date(s.endsAt);
    item.description = `${this.isAck ? 'ack' : s.state} · ${s.createdBy} · until ${until.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    item.tooltip = `${s.comment}\n\nid ${s.id} on ${s.source}\ncreated by ${s.createdBy}\n${s.startsAt} → ${s.endsAt}`;
    item.iconPath = new vscode.ThemeIcon(this.isAck ? 'pass' : 'bell-slash');
    item.contextValue = this.isAck ? ItemContext.ack : ItemContext.silence(s.state);
    return item;
  }
}

import * as vscode from 'vscode';

/**
 * The one log channel of the extension, with [component] prefixes.
 * Every line passes through redact(): registered secrets never reach the channel.
 */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('On-Call', { log: true });
  private readonly secrets = new Set<string>();

  /** Registers a secret value so it is masked wherever it would be logged. */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value);
  }

  /** The registered secrets, for writers that must redact too (the incident log). */
  knownSecrets(): string[] {
    return [...this.secrets];
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('••••');
    return out.replace(/(authorization:\s*(?:bearer|basic)\s+)\S+/gi, '$1••••');
  }

  info(component: string, message: string): void {
    this.channel.info(`[${component}] ${this.redact(message)}`);
  }
  warn(component: string, message: string): void {
    this.channel.warn(`[${component}] ${this.redact(message)}`);
  }
  error(component: string, message: string): void {
    this.channel.error(`[${component}] ${this.redact(message)}`);
  }
  debug(component: string, message: string): void {
    this.channel.debug(`[${component}] ${this.redact(message)}`);
  }
  show(): void {
    this.channel.show(true);
  }
  dispose(): void {
    this.channel.dispose();
  }
}

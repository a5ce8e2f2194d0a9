import * as vscode from 'vscode';
import type { Credentials } from '../../common/http';
import type { Log } from './log';

export type ServerKind = 'alertmanager' | 'prometheus';

/** Server credentials, kept only in VS Code's SecretStorage, keyed by server kind and name. */
export class CredentialStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly log: Log) {
    secrets.onDidChange((e) => {
      if (e.key.startsWith('oncall.credentials.')) this.changed.fire();
    });
  }

  private key(kind: ServerKind, name: string): string {
    return `oncall.credentials.${kind}.${name}`;
  }

  async get(kind: ServerKind, name: string): Promise<Credentials | undefined> {
    const raw = await this.secrets.get(this.key(kind, name));
    if (!raw) return undefined;
    try {
      const c = JSON.parse(raw) as Credentials;
      if (c.kind === 'bearer' && typeof c.token === 'string') {
        this.log.addSecret(c.token);
        return c;
      }
      if (c.kind === 'basic' && typeof c.username === 'string' && typeof c.password === 'string') {
        this.log.addSecret(c.password);
        return c;
      }
    } catch {
      /* fall through */
    }
    this.log.warn('secrets', `stored credentials for ${kind} ${name} are unreadable; set them again`);
    return undefined;
  }

  async set(kind: ServerKind, name: string, credentials: Credentials): Promise<void> {
    this.log.addSecret(credentials.kind === 'bearer' ? credentials.token : credentials.password);
    await this.secrets.store(this.key(kind, name), JSON.stringify(credentials));
  }

  async clear(kind: ServerKind, name: string): Promise<void> {
    await this.secrets.delete(this.key(kind, name));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

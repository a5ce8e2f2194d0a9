import type * as vscode from 'vscode';
import { Container } from './vscode/container';

let container: Container | undefined;

export interface OnCallApi {
  container: Container;
  /** Milliseconds spent inside activate() (read by the activation benchmark). */
  activationMs: number;
}

/** Activation stays short: the container builds the services; network work starts in the background. */
export function activate(context: vscode.ExtensionContext): OnCallApi {
  const started = performance.now();
  container = new Container(context);
  context.subscriptions.push(container);
  return { container, activationMs: performance.now() - started };
}

export function deactivate(): void {
  container = undefined;
}

import type * as vscode from 'vscode';
import { Container } from './vscode/container';

let container: Container | undefined;

/** Activation stays short: the container builds the services; network work starts in the background. */
export function activate(context: vscode.ExtensionContext): { container: Container } {
  container = new Container(context);
  context.subscriptions.push(container);
  return { container };
}

export function deactivate(): void {
  container = undefined;
}

import * as vscode from 'vscode';
import { describeError, isCancelled } from '../../common/errors';
import { Commands } from './ids';
import type { Log } from './log';

/**
 * Registers a command that never fails silently: any error is logged and shown with an "Open Log" action.
 * Cancellation is not an error.
 */
export function registerCommand(
  log: Log,
  id: string,
  handler: (...args: never[]) => unknown,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await (handler as (...a: unknown[]) => unknown)(...args);
    } catch (e) {
      if (isCancelled(e) || e instanceof vscode.CancellationError) return undefined;
      const message = log.redact(describeError(e));
      log.error('command', `${id} failed: ${message}`);
      const choice = await vscode.window.showErrorMessage(`On-Call: ${message}`, 'Open Log');
      if (choice === 'Open Log') void vscode.commands.executeCommand(Commands.showLog);
      return undefined;
    }
  });
}

/** An AbortSignal that follows a CancellationToken. */
export function toAbortSignal(token: vscode.CancellationToken | undefined): AbortSignal | undefined {
  if (!token) return undefined;
  const ctrl = new AbortController();
  if (token.isCancellationRequested) ctrl.abort();
  else token.onCancellationRequested(() => ctrl.abort());
  return ctrl.signal;
}

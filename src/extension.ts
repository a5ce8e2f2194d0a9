import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Filled in by the VS Code layer (src/vscode/).
}

export function deactivate(): void {}

import * as vscode from 'vscode';

interface GitApiRepository {
  rootUri: vscode.Uri;
  status(): Promise<void>;
}

/**
 * Tells VS Code's built-in git extension to re-read a repository after On-Call changed it through the git CLI,
 * so the Source Control view shows the new branch and commits at once. Harmless when git is disabled.
 */
export async function refreshGitExtension(root: string): Promise<void> {
  try {
    const ext = vscode.extensions.getExtension<{ getAPI(v: 1): { repositories: GitApiRepository[] } }>('vscode.git');
    if (!ext) return;
    const api = (ext.isActive ? ext.exports : await ext.activate()).getAPI(1);
    await api.repositories.find((r) => r.rootUri.fsPath === root)?.status();
  } catch {
    /* the view catches up on its own */
  }
}

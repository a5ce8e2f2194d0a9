/**
 * Where an alert's runbook_url leads, decided without touching the disk. Only a Markdown runbook inside a workspace
 * folder or inside the runbooks/ shipped with the extension opens in the editor; a web page (http, https) opens
 * outside VS Code, after a local runbook of the same page name. Anything else is refused with the reason: a local
 * file outside those folders (an absolute path or a file: URL in an annotation must not open a file silently), a
 * path that climbs out with ../, another URL scheme, a file that is not Markdown.
 *
 * Paths are URI paths ("/home/me/repo", as vscode.Uri.path gives them), always with forward slashes.
 */
import * as path from 'node:path';

/** The folder inside the extension that holds its shipped runbooks. */
export const SHIPPED_RUNBOOK_FOLDER = 'runbooks';

export interface RunbookRoots {
  /** The URI paths of the workspace folders, in order. */
  workspace: readonly string[];
  /** The URI path of the extension's folder (its runbooks/ holds the shipped runbooks). */
  extension: string;
  /** Runbook folders from settings (relative to each workspace folder), searched for a web page's name. */
  runbookFolders?: readonly string[];
}

/** A file to try: relative to workspace folder `index`, or to the extension's folder. */
export type RunbookCandidate = { root: 'workspace'; index: number; relative: string } | { root: 'extension'; relative: string };

export type RunbookLink =
  /** Open the first candidate that exists in the editor; if none does, the runbook was not found. */
  | { kind: 'local'; candidates: RunbookCandidate[] }
  /** Open the first candidate that exists in the editor; if none does, open `url` outside VS Code. */
  | { kind: 'web'; url: string; candidates: RunbookCandidate[] }
  | { kind: 'refused'; message: string };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const WINDOWS_DRIVE = /^[a-z]:[\\/]/i;
const MARKDOWN = /\.md$/i;

function normalizeRoot(p: string): string {
  const n = path.posix.normalize(p.replace(/\\/g, '/'));
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
}

/** `child` relative to `root` when it lies strictly inside it, else undefined. */
function inside(root: string, child: string): string | undefined {
  const r = normalizeRoot(root);
  const prefix = r === '/' ? '/' : `${r}/`;
  return child.startsWith(prefix) && child.length > prefix.length ? child.slice(prefix.length) : undefined;
}

function refused(url: string, why: string): RunbookLink {
  return { kind: 'refused', message: `Runbook ${JSON.stringify(url)} was not opened: ${why}` };
}

/** Candidates for a local path (already normalized, absolute), or why it is refused. */
function localAbsolute(url: string, p: string, roots: RunbookRoots): RunbookLink {
  const candidates: RunbookCandidate[] = [];
  roots.workspace.forEach((root, index) => {
    const rel = inside(root, p);
    if (rel !== undefined) candidates.push({ root: 'workspace', index, relative: rel });
  });
  const shipped = inside(roots.extension, p);
  if (shipped !== undefined && shipped.startsWith(`${SHIPPED_RUNBOOK_FOLDER}/`)) candidates.push({ root: 'extension', relative: shipped });
  if (candidates.length === 0) {
    return refused(url, 'it is a local file outside the workspace and the runbooks shipped with On-Call. Only runbooks in the workspace open from an alert; copy it into the workspace, or point runbook_url at a path inside it or at a web page.');
  }
  if (!MARKDOWN.test(p)) return refused(url, 'it is not a Markdown runbook (.md).');
  return { kind: 'local', candidates };
}

/**
 * What to do with `url` (the runbook_url annotation). The caller checks which candidates exist (in order) and opens
 * the first in the editor.
 */
export function planRunbookLink(url: string, roots: RunbookRoots): RunbookLink {
  const text = url.trim();
  if (!text) return refused(url, 'it is empty.');
  const scheme = WINDOWS_DRIVE.test(text) ? undefined : SCHEME.exec(text)?.[1]?.toLowerCase();

  if (scheme === 'file') {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      return refused(url, 'it is not a valid file: URL.');
    }
    if (parsed.host && parsed.host !== 'localhost') return refused(url, `it is a file on another machine (${parsed.host}).`);
    let p: string;
    try {
      p = decodeURIComponent(parsed.pathname);
    } catch {
      return refused(url, 'it is not a valid file: URL.');
    }
    if (p.includes('\0')) return refused(url, 'it is not a valid file: URL.');
    return localAbsolute(url, path.posix.normalize(p), roots);
  }

  if (scheme === 'http' || scheme === 'https') return { kind: 'web', url: text, candidates: byPageName(text, roots) };
  if (scheme !== undefined) return refused(url, `only web pages (http, https) open outside VS Code, not ${scheme}: links.`);

  const slashed = text.replace(/\\/g, '/');
  if (slashed.includes('\0')) return refused(url, 'it is not a valid path.');
  if (slashed.startsWith('/') || WINDOWS_DRIVE.test(text)) {
    return localAbsolute(url, path.posix.normalize(WINDOWS_DRIVE.test(text) ? `/${slashed}` : slashed), roots);
  }

  // A relative path: inside a workspace folder, or inside the shipped runbooks/ of the extension. ../ cannot climb out.
  const rel = path.posix.normalize(slashed);
  if (rel === '..' || rel.startsWith('../') || rel === '.') return refused(url, 'a relative runbook path must stay inside the workspace (no ../ out of it).');
  if (!MARKDOWN.test(rel)) return refused(url, 'it is not a Markdown runbook (.md).');
  const candidates: RunbookCandidate[] = roots.workspace.map((_, index) => ({ root: 'workspace' as const, index, relative: rel }));
  if (rel.startsWith(`${SHIPPED_RUNBOOK_FOLDER}/`)) candidates.push({ root: 'extension', relative: rel });
  return { kind: 'local', candidates };
}

/** A web URL's last path segment as a runbook file name: …/ai/model-outage -> model-outage.runbook.md, model-outage.md. */
function byPageName(url: string, roots: RunbookRoots): RunbookCandidate[] {
  let last = '';
  try {
    last = decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? '');
  } catch {
    return [];
  }
  const stem = last.replace(/\.(runbook\.)?md$/i, '');
  if (!stem || !/^[\w.-]+$/.test(stem) || /^\.+$/.test(stem)) return [];
  const names = [`${stem}.runbook.md`, `${stem}.md`];
  const folders = [...new Set([...(roots.runbookFolders ?? []), SHIPPED_RUNBOOK_FOLDER])]
    .map((f) => path.posix.normalize(f.replace(/\\/g, '/')).replace(/\/+$/, ''))
    .filter((f) => f !== '..' && !f.startsWith('../') && !f.startsWith('/'));
  const out: RunbookCandidate[] = [];
  roots.workspace.forEach((_, index) => {
    for (const folder of folders) for (const name of names) out.push({ root: 'workspace', index, relative: folder === '.' ? name : `${folder}/${name}` });
  });
  for (const name of names) out.push({ root: 'extension', relative: `${SHIPPED_RUNBOOK_FOLDER}/${name}` });
  return out;
}

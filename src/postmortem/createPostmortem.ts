/**
 * The whole "Create Postmortem" action, shared by the CLI and VS Code: draft from the incident's events (plus the
 * resolutions Prometheus's ALERTS series show, when a Prometheus is given), measure the impact over the incident
 * window, write a new file (never overwriting) and commit it alone on a new branch. Problems that do not stop the
 * draft are reported through `warn`.
 */
import { basename, join } from 'node:path';
import type { IncidentEvent } from '../incidents/events';
import { mergeEvents } from '../incidents/mergeEvents';
import type { PrometheusClient } from '../prometheus/client';
import { describeError } from '../common/errors';
import { createBranchAndCommit } from '../git/branchCommit';
import { renderPostmortem, type PostmortemDraft } from './buildPostmortem';
import type { Impact } from './impact';
import { loadPostmortemTemplate } from './loadTemplate';
import { writeNewPostmortem } from './postmortemPath';
import { queryImpact } from './queryImpact';
import { resolutionsFromAlertsSeries } from './alertResolution';
import { slugify } from './slug';

export interface CreatePostmortemOptions {
  /** The repository (or folder, without git) root. */
  root: string;
  events: IncidentEvent[];
  incidentId: string;
  /** Labels that scope the impact queries (impactScopeLabels of the alert). */
  labels: Record<string, string>;
  author: string;
  title?: string;
  prometheus?: PrometheusClient;
  /** Folder inside the root (default postmortems). */
  folderName: string;
  /** Commit on a new branch `postmortem/<file name>`. */
  git: boolean;
  signal?: AbortSignal;
  warn(message: string): void;
  /** The clock (default: the system's). "Now" ends the impact window of an ongoing incident. */
  now?: () => Date;
}

export interface CreatedPostmortem {
  file: string;
  /** The file relative to the root. */
  relative: string;
  draft: PostmortemDraft;
  impact: Impact;
  branch: string | null;
  commit: string | null;
  previousBranch: string | null;
  /** Set when the file was written but could not be committed (it stays, uncommitted). */
  commitError?: unknown;
}

export async function createPostmortem(o: CreatePostmortemOptions): Promise<CreatedPostmortem> {
  const { template, source: templateSource } = await loadPostmortemTemplate(o.root);
  const now = o.now?.() ?? new Date();
  // Alerts whose resolution nobody logged: when they stopped firing, from Prometheus's ALERTS series.
  let events = o.events;
  if (o.prometheus) {
    const resolved = await resolutionsFromAlertsSeries(o.prometheus, o.events, now.getTime(), o.signal);
    for (const n of resolved.notes) o.warn(`${n}.`);
    if (resolved.events.length) events = mergeEvents(o.events, resolved.events);
  }
  // A first pass finds the window; impact is measured over it.
  const base = { events, incidentId: o.incidentId, author: o.author, template, title: o.title, now };
  let draft = renderPostmortem(base);
  let impact: Impact = {};
  if (o.prometheus) {
    if (!draft.start) {
      o.warn('the incident has no start time (no alert-fired event), so its impact cannot be measured.');
    } else {
      const end = draft.end ?? now.toISOString();
      try {
        const reading = await queryImpact(o.prometheus, { start: draft.start, end }, o.labels, o.signal);
        impact = reading.impact;
        for (const n of reading.notes) o.warn(`impact ${n}; left as TODO.`);
      } catch (e) {
        if (o.signal?.aborted) throw e;
        o.warn(`impact not measured: ${describeError(e)}`);
      }
    }
    draft = renderPostmortem({ ...base, impact });
  }
  for (const w of draft.warnings) o.warn(`${templateSource === 'default' ? '' : `${templateSource}: `}${w}`);

  const folder = join(o.root, o.folderName);
  const date = draft.start ?? now.toISOString();
  const file = await writeNewPostmortem(folder, date, slugify(draft.title), draft.markdown);
  const created: CreatedPostmortem = { file, relative: join(o.folderName, basename(file)), draft, impact, branch: null, commit: null, previousBranch: null };
  if (!o.git) return created;
  const branch = `postmortem/${basename(file, '.md')}`;
  try {
    const r = await createBranchAndCommit(o.root, { branch, files: [file], message: `Postmortem: ${draft.title.replace(/\s+/g, ' ').slice(0, 200)}`, signal: o.signal });
    return { ...created, branch, commit: r.sha, previousBranch: r.previousBranch };
  } catch (e) {
    return { ...created, commitError: e };
  }
}

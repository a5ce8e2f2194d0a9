/**
 * What running a kubectl cell produces: kubectl-like text, notes (what kubectl prints on stderr), structured JSON
 * for tools, and for mutations the objects changed (before, after, patch, content type, diff) and the prior state
 * that "Revert last change" restores. Plain data: JSON-serialisable, no client-node types.
 */
import type { PatchContentType } from './changes';
import type { JsonPatchOp } from './patches';
import type { ResourceName, ResourceType } from './resources';

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  resource: ResourceName;
  namespace?: string;
  name: string;
  subresource?: 'scale';
  /** The API path, for example /apis/apps/v1/namespaces/ai/deployments/web. */
  path: string;
  /** kubectl's name for it: deployment.apps/web. */
  display: string;
}

export interface ObjectChange {
  ref: ObjectRef;
  /** The object (or its Scale) as read just before the change, without managedFields. */
  before: unknown;
  /** The server's answer: the would-be object for a server dry run, the new object for a real run. */
  after?: unknown;
  /** The PATCH body kubectl would send, and its Content-Type. */
  patch: unknown;
  contentType: PatchContentType;
  /** False when, like kubectl, nothing is sent (no change to make, rollback skipped). */
  sent: boolean;
  /** Unified YAML diff of before and after ('' when nothing changes). */
  diff: string;
  /** kubectl's line for it: "deployment.apps/web annotated (server dry run)". */
  message: string;
}

/** Enough to undo a real change: the objects before, and the guarded JSON patches that restore them. */
export interface PriorState {
  version: 1;
  context: string;
  server: string;
  /** The cell's command, for the log. */
  command: string;
  /** When the change was made (ISO 8601). */
  at: string;
  changes: Array<{ ref: ObjectRef; before: unknown; revert: JsonPatchOp[] }>;
}

export interface KubectlResult {
  /** What kubectl would print on stdout. */
  text: string;
  /** What kubectl would print on stderr (warnings, "Found 2 pods, using pod/..."), one line each. */
  notes: string[];
  /** Structured result for tools. */
  json: unknown;
  /** For mutating verbs. */
  changes?: ObjectChange[];
  /** All changes' diffs, each under its object's name ('' when nothing would change). */
  diff?: string;
  /** The first change's patch and content type (most commands change one object). */
  patch?: unknown;
  contentType?: PatchContentType;
  /** Set when a real change was made. */
  priorState?: PriorState;
  /** For a dry run: the time the change was prepared (a confirmed run reuses it, e.g. for restartedAt). */
  preparedAt?: string;
  dryRun?: 'server' | 'client';
}

export function apiPath(type: ResourceType, namespace: string | undefined, name: string, subresource?: 'scale'): string {
  const base = type.group ? `/apis/${type.apiVersion}` : '/api/v1';
  const ns = type.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${type.resource}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}`;
}

/**
 * The resource types kubectl cells support, with the names kubectl accepts for each (plural, singular, short name,
 * and the group-qualified forms such as deployments.apps), matched case-insensitively as kubectl does.
 */
export type ResourceName = 'pods' | 'deployments' | 'replicasets' | 'configmaps' | 'events' | 'nodes' | 'namespaces';

export interface ResourceType {
  /** The plural resource name the API uses. */
  resource: ResourceName;
  /** Singular lower-case name, as in `pod/NAME`. */
  singular: string;
  /** The object kind, for example Deployment. */
  kind: string;
  /** API group ('' for the core group). */
  group: '' | 'apps';
  apiVersion: 'v1' | 'apps/v1';
  namespaced: boolean;
  shortNames: string[];
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  { resource: 'pods', singular: 'pod', kind: 'Pod', group: '', apiVersion: 'v1', namespaced: true, shortNames: ['po'] },
  { resource: 'deployments', singular: 'deployment', kind: 'Deployment', group: 'apps', apiVersion: 'apps/v1', namespaced: true, shortNames: ['deploy'] },
  { resource: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', group: 'apps', apiVersion: 'apps/v1', namespaced: true, shortNames: ['rs'] },
  { resource: 'configmaps', singular: 'configmap', kind: 'ConfigMap', group: '', apiVersion: 'v1', namespaced: true, shortNames: ['cm'] },
  { resource: 'events', singular: 'event', kind: 'Event', group: '', apiVersion: 'v1', namespaced: true, shortNames: ['ev'] },
  { resource: 'nodes', singular: 'node', kind: 'Node', group: '', apiVersion: 'v1', namespaced: false, shortNames: ['no'] },
  { resource: 'namespaces', singular: 'namespace', kind: 'Namespace', group: '', apiVersion: 'v1', namespaced: false, shortNames: ['ns'] },
];

/** Resource types kubectl knows that cells deliberately do not handle, with the reason given to the engineer. */
const KNOWN_UNSUPPORTED: Record<string, string> = {
  secrets: 'secrets are never read into runbook outputs (they would end up in notebooks and incident logs)',
  secret: 'secrets are never read into runbook outputs (they would end up in notebooks and incident logs)',
};

/** The type a word names (pods, pod, po, Pods, deployments.apps, deploy.apps ...), or undefined. */
export function lookupResource(word: string): ResourceType | undefined {
  let w = word.toLowerCase();
  let group: string | undefined;
  const dot = w.indexOf('.');
  if (dot >= 0) {
    group = w.slice(dot + 1);
    w = w.slice(0, dot);
  }
  const type = RESOURCE_TYPES.find((t) => t.resource === w || t.singular === w || t.shortNames.includes(w));
  if (!type) return undefined;
  if (group !== undefined) {
    // deployments.apps, deployments.v1.apps; core types have no group suffix (pods.v1 is not a thing kubectl takes).
    const g = group.replace(/^v1\./, '');
    if (g !== type.group) return undefined;
  }
  return type;
}

/** Why a resource word cannot be used, for an error message. */
export function unsupportedResourceMessage(word: string, verb: string, allowed: readonly ResourceType[] = RESOURCE_TYPES): string {
  const reason = KNOWN_UNSUPPORTED[word.toLowerCase()];
  const list = allowed.map((t) => t.resource).join(', ');
  return reason
    ? `kubectl ${verb} ${word} is not supported in runbook cells: ${reason}.`
    : `kubectl ${verb} ${word} is not supported in runbook cells: the resource types supported here are ${list}.`;
}

/** kubectl's name for an object in messages: pod/NAME, deployment.apps/NAME, configmap/NAME. */
export function objectRef(type: ResourceType, name: string): string {
  return `${type.singular}${type.group ? `.${type.group}` : ''}/${name}`;
}

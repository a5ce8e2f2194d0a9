/**
 * Reading, listing and patching the supported resource types through client-node's typed APIs, returning the
 * server's JSON. One switch per verb keeps the typed calls in one place.
 */
import type { KubeClient, CallOptions } from '../client';
import type { ResourceType } from '../resources';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ListParams {
  /** undefined: all namespaces (or a cluster-scoped type). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export function readObject(c: KubeClient, type: ResourceType, namespace: string, name: string, opts: CallOptions = {}): Promise<Obj> {
  switch (type.resource) {
    case 'pods':
      return c.json((o) => c.core.readNamespacedPod({ name, namespace }, o), opts);
    case 'deployments':
      return c.json((o) => c.apps.readNamespacedDeployment({ name, namespace }, o), opts);
    case 'replicasets':
      return c.json((o) => c.apps.readNamespacedReplicaSet({ name, namespace }, o), opts);
    case 'configmaps':
      return c.json((o) => c.core.readNamespacedConfigMap({ name, namespace }, o), opts);
    case 'events':
      return c.json((o) => c.core.readNamespacedEvent({ name, namespace }, o), opts);
    case 'nodes':
      return c.json((o) => c.core.readNode({ name }, o), opts);
    case 'namespaces':
      return c.json((o) => c.core.readNamespace({ name }, o), opts);
  }
}

export function listObjects(c: KubeClient, type: ResourceType, p: ListParams, opts: CallOptions = {}): Promise<Obj> {
  const sel = { labelSelector: p.labelSelector, fieldSelector: p.fieldSelector };
  const ns = p.namespace;
  switch (type.resource) {
    case 'pods':
      return c.json((o) => (ns === undefined ? c.core.listPodForAllNamespaces(sel, o) : c.core.listNamespacedPod({ namespace: ns, ...sel }, o)), opts);
    case 'deployments':
      return c.json((o) => (ns === undefined ? c.apps.listDeploymentForAllNamespaces(sel, o) : c.apps.listNamespacedDeployment({ namespace: ns, ...sel }, o)), opts);
    case 'replicasets':
      return c.json((o) => (ns === undefined ? c.apps.listReplicaSetForAllNamespaces(sel, o) : c.apps.listNamespacedReplicaSet({ namespace: ns, ...sel }, o)), opts);
    case 'configmaps':
      return c.json((o) => (ns === undefined ? c.core.listConfigMapForAllNamespaces(sel, o) : c.core.listNamespacedConfigMap({ namespace: ns, ...sel }, o)), opts);
    case 'events':
      return c.json((o) => (ns === undefined ? c.core.listEventForAllNamespaces(sel, o) : c.core.listNamespacedEvent({ namespace: ns, ...sel }, o)), opts);
    case 'nodes':
      return c.json((o) => c.core.listNode(sel, o), opts);
    case 'namespaces':
      return c.json((o) => c.core.listNamespace(sel, o), opts);
  }
}

export interface PatchParams {
  body: unknown;
  contentType: string;
  dryRun: boolean;
  signal?: AbortSignal;
}

const FIELD_MANAGER = 'oncall';

export function patchObject(c: KubeClient, type: ResourceType, namespace: string, name: string, p: PatchParams): Promise<Obj> {
  const common = { name, body: p.body, fieldManager: FIELD_MANAGER, ...(p.dryRun ? { dryRun: 'All' } : {}) };
  const opts: CallOptions = { contentType: p.contentType, signal: p.signal };
  switch (type.resource) {
    case 'pods':
      return c.json((o) => c.core.patchNamespacedPod({ ...common, namespace }, o), opts);
    case 'deployments':
      return c.json((o) => c.apps.patchNamespacedDeployment({ ...common, namespace }, o), opts);
    case 'replicasets':
      return c.json((o) => c.apps.patchNamespacedReplicaSet({ ...common, namespace }, o), opts);
    case 'configmaps':
      return c.json((o) => c.core.patchNamespacedConfigMap({ ...common, namespace }, o), opts);
    case 'events':
      return c.json((o) => c.core.patchNamespacedEvent({ ...common, namespace }, o), opts);
    case 'nodes':
      return c.json((o) => c.core.patchNode(common, o), opts);
    case 'namespaces':
      return c.json((o) => c.core.patchNamespace(common, o), opts);
  }
}

export function readScale(c: KubeClient, type: ResourceType, namespace: string, name: string, signal?: AbortSignal): Promise<Obj> {
  if (type.resource === 'replicasets') return c.json((o) => c.apps.readNamespacedReplicaSetScale({ name, namespace }, o), { signal });
  return c.json((o) => c.apps.readNamespacedDeploymentScale({ name, namespace }, o), { signal });
}

export function patchScale(c: KubeClient, type: ResourceType, namespace: string, name: string, p: PatchParams): Promise<Obj> {
  const params = { name, namespace, body: p.body, fieldManager: FIELD_MANAGER, ...(p.dryRun ? { dryRun: 'All' } : {}) };
  const opts: CallOptions = { contentType: p.contentType, signal: p.signal };
  if (type.resource === 'replicasets') return c.json((o) => c.apps.patchNamespacedReplicaSetScale(params, o), opts);
  return c.json((o) => c.apps.patchNamespacedDeploymentScale(params, o), opts);
}

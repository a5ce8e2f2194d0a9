/**
 * `kubectl describe deployment` and `kubectl describe pod`, printed from the objects the way kubectl's describers
 * (k8s.io/kubectl/pkg/describe) print them: tab-separated fields aligned by tabwriter, labels and annotations one per
 * line, the pod template, conditions, ReplicaSets and events with their ages.
 */
import { DESCRIBE_TABWRITER, tabwrite } from './tabwriter';
import { humanDuration, rfc1123z } from './time';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const MAX_ANNOTATION_LEN = 140;

/** kubectl's PrefixWriter over a tabwriter; flush() ends a column block as w.Flush() does. */
class DescribeWriter {
  private segments: string[] = [];
  private buf = '';
  /** false: the raw text with its tabs (kubectl rollout history --revision prints the template that way). */
  constructor(private readonly aligned = true) {}
  write(level: number, text: string): void {
    this.buf += '  '.repeat(level) + text;
  }
  line(text: string): void {
    this.buf += `${text}\n`;
  }
  flush(): void {
    this.segments.push(this.aligned ? tabwrite(this.buf, DESCRIBE_TABWRITER) : this.buf);
    this.buf = '';
  }
  toString(): string {
    this.flush();
    return this.segments.join('');
  }
}

function sortedKeys(m: Obj | undefined, skip?: Set<string>): string[] {
  return Object.keys(m ?? {}).filter((k) => !skip?.has(k)).sort();
}

function labelsMultiline(w: DescribeWriter, title: string, labels: Obj | undefined, initialIndent = ''): void {
  w.write(0, `${initialIndent}${title}:\t`);
  const keys = sortedKeys(labels);
  if (!keys.length) return w.line('<none>');
  keys.forEach((k, i) => {
    if (i) w.write(0, `${initialIndent}\t`);
    w.write(0, `${k}=${labels![k]}\n`);
  });
}

function annotationsMultiline(w: DescribeWriter, title: string, annotations: Obj | undefined): void {
  w.write(0, `${title}:\t`);
  const keys = sortedKeys(annotations, SKIP_ANNOTATIONS);
  if (!keys.length) return w.line('<none>');
  keys.forEach((k, i) => {
    if (i) w.write(0, '\t');
    const value = String(annotations![k]).replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const s of value.split('\n')) w.write(0, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s}\n`);
    } else {
      w.write(0, `${k}: ${value}\n`);
    }
  });
}

function tolerationsMultiline(w: DescribeWriter, title: string, tolerations: Obj[] | undefined, initialIndent = ''): void {
  w.write(0, `${initialIndent}${title}:\t`);
  if (!tolerations?.length) return w.line('<none>');
  tolerations.forEach((t, i) => {
    if (i) w.write(0, `${initialIndent}\t`);
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
    w.write(0, `${s}\n`);
  });
}

/** A label selector as kubectl prints it (metav1.LabelSelectorAsSelector(...).String()). */
export function formatSelector(sel: Obj | undefined): string {
  if (!sel) return '<none>';
  const parts: string[] = [];
  for (const k of sortedKeys(sel.matchLabels)) parts.push(`${k}=${sel.matchLabels[k]}`);
  for (const e of (sel.matchExpressions ?? []) as Obj[]) {
    const values = [...((e.values ?? []) as string[])].sort().join(',');
    switch (e.operator) {
      case 'In':
        parts.push(`${e.key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${e.key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(String(e.key));
        break;
      case 'DoesNotExist':
        parts.push(`!${e.key}`);
        break;
    }
  }
  return parts.length ? parts.sort().join(',') : '<none>';
}

function ports(list: Obj[] | undefined, host: boolean): string {
  return (list ?? []).map((p) => `${(host ? p.hostPort : p.containerPort) ?? 0}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`).join(', ');
}

function resources(w: DescribeWriter, r: Obj | undefined, level: number): void {
  if (!r) return;
  for (const [key, title] of [['limits', 'Limits'], ['requests', 'Requests']] as const) {
    const keys = sortedKeys(r[key]);
    if (keys.length) w.write(level, `${title}:\n`);
    for (const k of keys) w.write(level + 1, `${k}:\t${r[key][k]}\n`);
  }
}

function probe(p: Obj): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s successThreshold=${p.successThreshold ?? 1} failureThreshold=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const scheme = String(p.httpGet.scheme ?? 'HTTP').toLowerCase();
    return `http-get ${scheme}://${p.httpGet.host ?? ''}:${p.httpGet.port}${p.httpGet.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function containerState(w: DescribeWriter, name: string, s: Obj | undefined): void {
  if (s?.running) {
    w.write(2, `${name}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(s.running.startedAt)}\n`);
  } else if (s?.terminated) {
    const t = s.terminated;
    w.write(2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if (t.signal > 0) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(2, `${name}:\tWaiting\n`);
    if (s?.waiting?.reason) w.write(3, `Reason:\t${s.waiting.reason}\n`);
  }
}

function containers(w: DescribeWriter, label: string, list: Obj[] | undefined, statuses: Obj[] | undefined, space: string): void {
  w.write(0, `${space}${label}:${list?.length ? '' : ' <none>'}\n`);
  const byName = new Map((statuses ?? []).map((s) => [s.name as string, s]));
  for (const c of list ?? []) {
    const st = byName.get(c.name);
    w.write(1, `${space ? ' ' : ''}${c.name}:\n`);
    if (st) w.write(2, `Container ID:\t${st.containerID ?? ''}\n`);
    w.write(2, `Image:\t${c.image ?? ''}\n`);
    if (st) w.write(2, `Image ID:\t${st.imageID ?? ''}\n`);
    const p = ports(c.ports, false);
    w.write(2, p.includes(',') ? `Ports:\t${p}\n` : `Port:\t${p || '<none>'}\n`);
    const hp = ports(c.ports, true);
    w.write(2, hp.includes(',') ? `Host Ports:\t${hp}\n` : `Host Port:\t${hp || '<none>'}\n`);
    for (const [key, title] of [['command', 'Command'], ['args', 'Args']] as const) {
      if (c[key]?.length) {
        w.write(2, `${title}:\n`);
        for (const a of c[key] as string[]) for (const s of a.split('\n')) w.write(3, `${s}\n`);
      }
    }
    if (st) {
      containerState(w, 'State', st.state);
      if (st.lastState?.terminated) containerState(w, 'Last State', st.lastState);
      w.write(2, `Ready:\t${st.ready ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${st.restartCount ?? 0}\n`);
    }
    resources(w, c.resources, 2);
    if (c.livenessProbe) w.write(2, `Liveness:\t${probe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(2, `Readiness:\t${probe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(2, `Startup:\t${probe(c.startupProbe)}\n`);
    if (c.envFrom?.length) {
      w.write(2, 'Environment Variables from:\n');
      for (const e of c.envFrom as Obj[]) {
        const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : '';
        const ref = e.configMapRef ?? e.secretRef ?? {};
        w.write(3, `${ref.name ?? ''}\t${from}${e.prefix ? ` with prefix '${e.prefix}'` : ''}\tOptional: ${ref.optional === true}\n`);
      }
    }
    w.write(2, `Environment:${c.env?.length ? '' : '\t<none>'}\n`);
    for (const e of (c.env ?? []) as Obj[]) {
      if (!e.valueFrom) {
        String(e.value ?? '').split('\n').forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
        continue;
      }
      const v = e.valueFrom;
      if (v.fieldRef) w.write(3, `${e.name}:\t (${v.fieldRef.apiVersion ?? 'v1'}:${v.fieldRef.fieldPath})\n`);
      else if (v.resourceFieldRef) w.write(3, `${e.name}:\t (${v.resourceFieldRef.resource})\n`);
      else if (v.secretKeyRef) w.write(3, `${e.name}:\t<set to the key '${v.secretKeyRef.key}' in secret '${v.secretKeyRef.name}'>\tOptional: ${v.secretKeyRef.optional === true}\n`);
      else if (v.configMapKeyRef) w.write(3, `${e.name}:\t<set to the key '${v.configMapKeyRef.key}' of config map '${v.configMapKeyRef.name}'>\tOptional: ${v.configMapKeyRef.optional === true}\n`);
    }
    const mounts = [...((c.volumeMounts ?? []) as Obj[])].sort((a, b) => String(a.mountPath).localeCompare(String(b.mountPath)));
    w.write(2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
    for (const m of mounts) {
      const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : [])];
      w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
    }
  }
}

/** A volume's source as kubectl describes it (the common types; others by their field names). */
function volumeSource(w: DescribeWriter, v: Obj): void {
  const optional = (x: Obj | undefined) => x?.optional === true;
  if (v.hostPath) {
    w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type ?? '<none>'}\n`);
  } else if (v.emptyDir) {
    w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}\n`);
  } else if (v.secret) {
    w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${optional(v.secret)}\n`);
  } else if (v.configMap) {
    w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${optional(v.configMap)}\n`);
  } else if (v.persistentVolumeClaim) {
    w.write(2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`);
  } else if (v.downwardAPI) {
    w.write(2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
    for (const m of (v.downwardAPI.items ?? []) as Obj[]) {
      if (m.fieldRef) w.write(3, `${m.fieldRef.fieldPath} -> ${m.path}\n`);
      if (m.resourceFieldRef) w.write(3, `${m.resourceFieldRef.resource} -> ${m.path}\n`);
    }
  } else if (v.projected) {
    w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
    for (const src of (v.projected.sources ?? []) as Obj[]) {
      if (src.secret) w.write(2, `SecretName:\t${src.secret.name ?? ''}\n    Optional:\t${optional(src.secret)}\n`);
      else if (src.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n');
      else if (src.configMap) w.write(2, `ConfigMapName:\t${src.configMap.name ?? ''}\n    Optional:\t${optional(src.configMap)}\n`);
      else if (src.serviceAccountToken) w.write(2, `TokenExpirationSeconds:\t${src.serviceAccountToken.expirationSeconds}\n`);
    }
  } else {
    const kind = Object.keys(v).find((k) => k !== 'name');
    if (!kind) return w.write(1, '<unknown>\n');
    w.write(2, `Type:\t${kind}\n`);
    for (const k of sortedKeys(v[kind])) {
      const val = v[kind][k];
      w.write(2, `${k}:\t${typeof val === 'object' ? JSON.stringify(val) : String(val)}\n`);
    }
  }
}

function volumes(w: DescribeWriter, list: Obj[] | undefined, space: string): void {
  if (!list?.length) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  for (const v of list) {
    w.write(1, `${space ? ' ' : ''}${v.name}:\n`);
    volumeSource(w, v);
  }
}

function podTemplate(w: DescribeWriter, t: Obj | undefined): void {
  w.write(0, 'Pod Template:\n');
  if (!t) {
    w.write(1, '<unset>');
    return;
  }
  labelsMultiline(w, '  Labels', t.metadata?.labels);
  if (Object.keys(t.metadata?.annotations ?? {}).length) annotationsMultiline(w, '  Annotations', t.metadata.annotations);
  const spec = (t.spec ?? {}) as Obj;
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) containers(w, 'Init Containers', spec.initContainers, undefined, '  ');
  containers(w, 'Containers', spec.containers, undefined, '  ');
  volumes(w, spec.volumes, '  ');
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  labelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  tolerationsMultiline(w, '  Tolerations', spec.tolerations);
}

/** kubectl describe's Events section (events sorted by last time seen). */
function events(w: DescribeWriter, list: Obj[] | undefined, now: number): void {
  if (!list?.length) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  // kubectl sorts by lastTimestamp only (events that only have eventTime sort first).
  const seen = (e: Obj) => Date.parse(e.lastTimestamp ?? '') || 0;
  const sorted = [...list].sort((a, b) => seen(a) - seen(b));
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    let interval = first;
    if (e.series) interval = `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    const source = e.source?.component || e.reportingComponent || '';
    let message = String(e.message ?? '').trim();
    if (e.involvedObject?.fieldPath) message = `${e.involvedObject.fieldPath}: ${message}`;
    w.write(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${message}\n`);
  }
}

function since(ts: string | undefined, now: number): string {
  const t = ts ? Date.parse(ts) : NaN;
  return Number.isFinite(t) ? humanDuration(now - t) : '<unknown>';
}

function intOrString(v: unknown, fallback: string): string {
  return v === undefined || v === null ? fallback : String(v);
}

export interface DeploymentDescribeInput {
  deployment: Obj;
  oldReplicaSets: Obj[];
  newReplicaSet?: Obj;
  events?: Obj[];
  now?: number;
}

export function describeDeployment(input: DeploymentDescribeInput): string {
  const d = input.deployment;
  const now = input.now ?? Date.now();
  const w = new DescribeWriter();
  const spec = (d.spec ?? {}) as Obj;
  const status = (d.status ?? {}) as Obj;
  w.write(0, `Name:\t${d.metadata?.name}\n`);
  w.write(0, `Namespace:\t${d.metadata?.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata?.creationTimestamp)}\n`);
  labelsMultiline(w, 'Labels', d.metadata?.labels);
  annotationsMultiline(w, 'Annotations', d.metadata?.annotations);
  w.write(0, `Selector:\t${formatSelector(spec.selector)}\n`);
  w.write(0, `Replicas:\t${spec.replicas ?? 1} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`);
  w.write(0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
  w.write(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
  const ru = spec.strategy?.rollingUpdate;
  if (ru) w.write(0, `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable, '<nil>')} max unavailable, ${intOrString(ru.maxSurge, '<nil>')} max surge\n`);
  podTemplate(w, spec.template);
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of status.conditions as Obj[]) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  const rsList = (list: Obj[]) => list.map((rs) => `${rs.metadata?.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`).join(', ') || '<none>';
  if (input.oldReplicaSets.length || input.newReplicaSet) {
    w.write(0, `OldReplicaSets:\t${rsList(input.oldReplicaSets)}\n`);
    w.write(0, `NewReplicaSet:\t${rsList(input.newReplicaSet ? [input.newReplicaSet] : [])}\n`);
  }
  if (input.events) events(w, input.events, now);
  return w.toString();
}

function podQos(pod: Obj): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  return 'BestEffort';
}

export function describePod(pod: Obj, podEvents?: Obj[], nowMs?: number): string {
  const now = nowMs ?? Date.now();
  const w = new DescribeWriter();
  const spec = (pod.spec ?? {}) as Obj;
  const status = (pod.status ?? {}) as Obj;
  w.write(0, `Name:\t${pod.metadata?.name}\n`);
  w.write(0, `Namespace:\t${pod.metadata?.namespace}\n`);
  if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`);
  w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n');
  if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  labelsMultiline(w, 'Labels', pod.metadata?.labels);
  annotationsMultiline(w, 'Annotations', pod.metadata?.annotations);
  if (pod.metadata?.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp, now)})\n`);
    w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else {
    w.write(0, `Status:\t${status.phase ?? ''}\n`);
  }
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(0, `Message:\t${status.message}\n`);
  w.write(0, `IP:\t${status.podIP ?? ''}\n`);
  if (status.podIPs?.length) {
    w.write(0, 'IPs:\n');
    for (const ip of status.podIPs as Obj[]) w.write(1, `IP:\t${ip.ip}\n`);
  } else {
    w.write(0, 'IPs:\t<none>\n');
  }
  const controller = ((pod.metadata?.ownerReferences ?? []) as Obj[]).find((o) => o.controller === true);
  if (controller) w.write(0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
  if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  if (spec.initContainers?.length) containers(w, 'Init Containers', spec.initContainers, status.initContainerStatuses, '');
  containers(w, 'Containers', spec.containers, status.containerStatuses, '');
  if (status.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions as Obj[]) w.write(1, `${c.type} \t${c.status} \n`);
  }
  volumes(w, spec.volumes, '');
  w.write(0, `QoS Class:\t${podQos(pod)}\n`);
  labelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
  tolerationsMultiline(w, 'Tolerations', spec.tolerations);
  if (podEvents) events(w, podEvents, now);
  return w.toString();
}

/** `kubectl rollout history --revision=N`: the pod template of that revision (describe.DescribePodTemplate). */
export function describeTemplate(template: Obj): string {
  const w = new DescribeWriter(false);
  podTemplate(w, template);
  return w.toString();
}

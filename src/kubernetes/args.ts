/**
 * The kubectl cell language: a cell's arguments (already split into words, values verbatim) parsed into a typed
 * operation. Supported: get, describe, logs, rollout status|history|restart|undo, set env, annotate, label, patch,
 * scale, each with the flags listed in their specs below. Anything else is a KubectlArgsError that names what is not
 * supported and what to do instead. Nothing here talks to a cluster or loads @kubernetes/client-node.
 */
import { parse as parseYaml } from 'yaml';
import { KubectlArgsError } from './errors';
import { flagBool, flagInt, flagString, flagStrings, parseFlags, parseGoDuration, type FlagDef, type ParsedFlags } from './flags';
import { lookupResource, RESOURCE_TYPES, unsupportedResourceMessage, type ResourceName, type ResourceType } from './resources';

export type OutputFormat = 'table' | 'wide' | 'yaml' | 'json' | 'name';
export type DryRunMode = 'none' | 'server' | 'client';
export type PatchType = 'strategic' | 'merge' | 'json';

interface OpBase {
  /** The words the operation was parsed from (after `kubectl`), for display and the incident log. */
  args: string[];
  /** -n/--namespace; undefined means the context's namespace (or "default"). */
  namespace?: string;
}

export interface GetTarget {
  type: ResourceType;
  /** Names to get; empty means list. */
  names: string[];
}

export interface GetOp extends OpBase {
  verb: 'get';
  targets: GetTarget[];
  allNamespaces: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  output: OutputFormat;
}

export interface DescribeOp extends OpBase {
  verb: 'describe';
  type: ResourceType;
  names: string[];
  labelSelector?: string;
}

export type LogSource = { kind: 'pod'; name: string } | { kind: 'deployment'; name: string } | { kind: 'selector'; selector: string };

export interface LogsOp extends OpBase {
  verb: 'logs';
  source: LogSource;
  container?: string;
  allContainers: boolean;
  /** Lines from the end (-1: all). */
  tail: number;
  sinceSeconds?: number;
  previous: boolean;
  timestamps: boolean;
  prefix: boolean;
}

export interface RolloutStatusOp extends OpBase {
  verb: 'rollout status';
  name: string;
  watch: boolean;
  /** Seconds; 0 waits until the rollout ends or the caller cancels. */
  timeoutSeconds: number;
  revision?: number;
}

export interface RolloutHistoryOp extends OpBase {
  verb: 'rollout history';
  name: string;
  revision?: number;
}

export interface RolloutRestartOp extends OpBase {
  verb: 'rollout restart';
  name: string;
  dryRun: DryRunMode;
}

export interface RolloutUndoOp extends OpBase {
  verb: 'rollout undo';
  name: string;
  /** 0: the previous revision. */
  toRevision: number;
  dryRun: DryRunMode;
}

export interface EnvVarSetting {
  name: string;
  value: string;
}

export interface SetEnvOp extends OpBase {
  verb: 'set env';
  type: ResourceType;
  name: string;
  /** Container name or glob (kubectl's -c/--containers), '*' for all. */
  containers: string;
  set: EnvVarSetting[];
  remove: string[];
  overwrite: boolean;
  dryRun: DryRunMode;
}

export interface MetadataOp extends OpBase {
  verb: 'annotate' | 'label';
  type: ResourceType;
  names: string[];
  all: boolean;
  labelSelector?: string;
  /** KEY=VALUE pairs in the order given (a repeated key: the last value). */
  set: Array<[string, string]>;
  remove: string[];
  overwrite: boolean;
  dryRun: DryRunMode;
}

export interface PatchOp extends OpBase {
  verb: 'patch';
  type: ResourceType;
  name: string;
  patchType: PatchType;
  /** The patch as JSON (kubectl reads -p as YAML or JSON). */
  patch: unknown;
  dryRun: DryRunMode;
}

export interface ScaleOp extends OpBase {
  verb: 'scale';
  type: ResourceType;
  names: string[];
  replicas: number;
  dryRun: DryRunMode;
}

export type KubectlOp =
  | GetOp
  | DescribeOp
  | LogsOp
  | RolloutStatusOp
  | RolloutHistoryOp
  | RolloutRestartOp
  | RolloutUndoOp
  | SetEnvOp
  | MetadataOp
  | PatchOp
  | ScaleOp;

export type MutatingOp = RolloutRestartOp | RolloutUndoOp | SetEnvOp | MetadataOp | PatchOp | ScaleOp;

/** True for operations that change objects (whatever their --dry-run). */
export function isMutatingVerb(op: KubectlOp): op is MutatingOp {
  return 'dryRun' in op;
}

/** True when running the operation would change the cluster: a mutating verb without --dry-run=server|client. */
export function isMutating(op: KubectlOp): op is MutatingOp {
  return isMutatingVerb(op) && op.dryRun === 'none';
}

const SUPPORTED = 'get, describe, logs, rollout status|history|restart|undo, set env, annotate, label, patch, scale';

/** Why a kubectl command is not available in cells. */
const UNSUPPORTED_VERBS: Record<string, string> = {
  exec: 'use a terminal',
  attach: 'use a terminal',
  cp: 'use a terminal',
  'port-forward': 'use a terminal',
  proxy: 'use a terminal',
  debug: 'use a terminal',
  run: 'use a terminal',
  edit: 'it opens an editor; use kubectl patch with the change in the cell, or a terminal',
  apply: 'apply changes from files; write the change as kubectl patch, or use a terminal',
  create: 'write the change as kubectl patch, or use a terminal',
  replace: 'write the change as kubectl patch, or use a terminal',
  delete: 'deleting objects is not offered in runbooks; use a terminal',
  drain: 'use a terminal',
  cordon: 'use a terminal',
  uncordon: 'use a terminal',
  taint: 'use a terminal',
  top: 'it needs the metrics API; use a PromQL cell or a terminal',
  wait: 'use rollout status for deployments, or a terminal',
  config: 'choose the context with the notebook\'s context picker',
  auth: 'use a terminal',
  expose: 'use a terminal',
  autoscale: 'use a terminal',
  certificate: 'use a terminal',
  'cluster-info': 'use a terminal',
  diff: 'mutating cells show the server-side dry-run diff before they change anything',
  events: 'use kubectl get events',
  explain: 'use a terminal',
  'api-resources': 'use a terminal',
  'api-versions': 'use a terminal',
  version: 'use a terminal',
  kustomize: 'use a terminal',
  plugin: 'use a terminal',
  completion: 'use a terminal',
  alpha: 'use a terminal',
};

const NS: FlagDef = { long: 'namespace', short: 'n', type: 'string' };
const DRY: FlagDef = { long: 'dry-run', type: 'string', inlineOnly: true };
const SELECTOR: FlagDef = { long: 'selector', short: 'l', type: 'string' };

const FLAGS: Record<string, FlagDef[]> = {
  get: [NS, { long: 'all-namespaces', short: 'A', type: 'bool' }, SELECTOR, { long: 'field-selector', type: 'string' }, { long: 'output', short: 'o', type: 'string' }],
  describe: [NS, SELECTOR],
  logs: [
    NS, SELECTOR, { long: 'container', short: 'c', type: 'string' }, { long: 'tail', type: 'int' }, { long: 'since', type: 'duration' },
    { long: 'previous', short: 'p', type: 'bool' }, { long: 'timestamps', type: 'bool' }, { long: 'prefix', type: 'bool' },
    { long: 'all-containers', type: 'bool' },
  ],
  'rollout status': [NS, { long: 'watch', short: 'w', type: 'bool' }, { long: 'timeout', type: 'duration' }, { long: 'revision', type: 'int' }],
  'rollout history': [NS, { long: 'revision', type: 'int' }],
  'rollout restart': [NS, DRY],
  'rollout undo': [NS, DRY, { long: 'to-revision', type: 'int' }],
  'set env': [NS, DRY, { long: 'containers', short: 'c', type: 'string' }, { long: 'env', short: 'e', type: 'string', repeat: true }, { long: 'overwrite', type: 'bool' }],
  annotate: [NS, DRY, { long: 'overwrite', type: 'bool' }, { long: 'all', type: 'bool' }, SELECTOR],
  label: [NS, DRY, { long: 'overwrite', type: 'bool' }, { long: 'all', type: 'bool' }, SELECTOR],
  patch: [NS, DRY, { long: 'type', type: 'string' }, { long: 'patch', short: 'p', type: 'string' }],
  scale: [NS, DRY, { long: 'replicas', type: 'int' }],
};

/** Global flags that may come before the verb (`kubectl -n ai get pods`) and take a value. */
const VALUE_FLAGS_BEFORE_VERB = new Set(['-n', '--namespace']);

/** Parses a cell's words (without the leading `kubectl`). Throws KubectlArgsError. */
export function parseKubectlArgs(words: readonly string[]): KubectlOp {
  const args = [...words];
  if (args[0] === 'kubectl') args.shift();
  const verbAt = findPositional(args, 0);
  if (verbAt < 0) throw new KubectlArgsError(`The cell holds no kubectl command. Supported: ${SUPPORTED}.`);
  const verb = args[verbAt];
  let command = verb;
  let rest = args.filter((_, i) => i !== verbAt);
  if (verb === 'rollout' || verb === 'set') {
    const subAt = findPositional(rest, 0);
    const sub = subAt >= 0 ? rest[subAt] : undefined;
    const allowed = verb === 'rollout' ? ['status', 'history', 'restart', 'undo'] : ['env'];
    if (!sub) throw new KubectlArgsError(`kubectl ${verb} needs a subcommand: ${allowed.join(', ')}.`);
    if (!allowed.includes(sub)) {
      const hint = verb === 'rollout' && (sub === 'pause' || sub === 'resume')
        ? 'pausing and resuming rollouts is not offered in runbooks; use a terminal'
        : `supported: kubectl ${verb} ${allowed.join('|')}`;
      throw new KubectlArgsError(`kubectl ${verb} ${sub} is not supported in runbook cells: ${hint}.`);
    }
    command = `${verb} ${sub}`;
    rest = rest.filter((_, i) => i !== subAt);
  }
  const defs = FLAGS[command];
  if (!defs) {
    const why = UNSUPPORTED_VERBS[verb];
    if (why) throw new KubectlArgsError(`kubectl ${verb} is not supported in runbook cells: ${why}.`);
    throw new KubectlArgsError(`kubectl ${verb} is not supported in runbook cells (or is not a kubectl command). Supported: ${SUPPORTED}.`);
  }
  const p = parseFlags(rest, defs, command);
  const base: OpBase = { args, ...(flagString(p, 'namespace') !== undefined ? { namespace: checkNamespace(flagString(p, 'namespace')!) } : {}) };
  switch (command) {
    case 'get':
      return parseGet(p, base);
    case 'describe':
      return parseDescribe(p, base);
    case 'logs':
      return parseLogs(p, base);
    case 'rollout status': {
      const name = singleDeployment(p.positionals, command);
      const timeout = flagString(p, 'timeout');
      const revision = flagInt(p, 'revision');
      return {
        ...base, verb: 'rollout status', name, watch: flagBool(p, 'watch', true),
        timeoutSeconds: timeout === undefined ? 0 : parseGoDuration(timeout, '--timeout'),
        ...(revision !== undefined && revision > 0 ? { revision } : {}),
      };
    }
    case 'rollout history': {
      const revision = flagInt(p, 'revision');
      if (revision !== undefined && revision < 0) throw new KubectlArgsError(`--revision must be a positive number (got ${revision}).`);
      return { ...base, verb: 'rollout history', name: singleDeployment(p.positionals, command), ...(revision ? { revision } : {}) };
    }
    case 'rollout restart':
      return { ...base, verb: 'rollout restart', name: singleDeployment(p.positionals, command), dryRun: dryRun(p) };
    case 'rollout undo': {
      const to = flagInt(p, 'to-revision') ?? 0;
      if (to < 0) throw new KubectlArgsError(`unable to find specified revision ${to} in history`);
      return { ...base, verb: 'rollout undo', name: singleDeployment(p.positionals, command), toRevision: to, dryRun: dryRun(p) };
    }
    case 'set env':
      return parseSetEnv(p, base);
    case 'annotate':
    case 'label':
      return parseMetadata(p, base, command);
    case 'patch':
      return parsePatch(p, base);
    case 'scale':
      return parseScale(p, base);
  }
  throw new KubectlArgsError(`kubectl ${command} is not supported in runbook cells. Supported: ${SUPPORTED}.`);
}

/** Index of the n-th word that is not a flag (or a value of -n/--namespace) before the verb, or -1. */
function findPositional(words: readonly string[], from: number): number {
  for (let i = from; i < words.length; i++) {
    const w = words[i];
    if (w === '--') return i + 1 < words.length ? i + 1 : -1;
    if (VALUE_FLAGS_BEFORE_VERB.has(w)) {
      i++;
      continue;
    }
    if (w.startsWith('-') && w !== '-') continue;
    return i;
  }
  return -1;
}

function checkNamespace(ns: string): string {
  if (ns === '') throw new KubectlArgsError('-n/--namespace is empty: give a namespace name.');
  return ns;
}

function dryRun(p: ParsedFlags): DryRunMode {
  const v = flagString(p, 'dry-run');
  if (v === undefined || v === 'none') return 'none';
  if (v === 'server' || v === 'client') return v;
  throw new KubectlArgsError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

/** kubectl's ResourceTypeOrNameArgs: `TYPE NAME...`, `TYPE/NAME...`, or (for get) `TYPE1,TYPE2`. */
function resourceArgs(positionals: readonly string[], verb: string, allowed: readonly ResourceType[], opts: { commaTypes?: boolean } = {}): GetTarget[] {
  if (positionals.length === 0) return [];
  const resolve = (word: string): ResourceType => {
    const t = lookupResource(word);
    if (!t || !allowed.includes(t)) throw new KubectlArgsError(unsupportedResourceMessage(word, verb, allowed));
    return t;
  };
  if (positionals[0].includes('/')) {
    const targets: GetTarget[] = [];
    for (const word of positionals) {
      const slash = word.indexOf('/');
      if (slash < 0) {
        throw new KubectlArgsError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl ${verb} resource/<resource_name>' instead of 'kubectl ${verb} resource resource/<resource_name>')`);
      }
      const type = resolve(word.slice(0, slash));
      const name = word.slice(slash + 1);
      if (!name) throw new KubectlArgsError(`arguments in resource/name form must have a single resource and name: ${JSON.stringify(word)}`);
      const existing = targets.find((t) => t.type === type);
      if (existing) existing.names.push(name);
      else targets.push({ type, names: [name] });
    }
    return targets;
  }
  const [typeWord, ...names] = positionals;
  for (const n of names) {
    if (n.includes('/')) {
      throw new KubectlArgsError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl ${verb} resource/<resource_name>' instead of 'kubectl ${verb} resource resource/<resource_name>')`);
    }
  }
  const typeWords = typeWord.split(',');
  if (typeWords.length > 1 && !opts.commaTypes) throw new KubectlArgsError(`kubectl ${verb} takes one resource type at a time (got ${typeWord}).`);
  if (typeWords.length > 1 && names.length) throw new KubectlArgsError(`names cannot be given with several resource types (${typeWord}); write TYPE/NAME for each.`);
  if (typeWords.some((w) => w === '')) throw new KubectlArgsError(`empty resource type in ${JSON.stringify(typeWord)}.`);
  const types = typeWords.map(resolve);
  return types.map((type) => ({ type, names: [...names] }));
}

function types(...names: ResourceName[]): ResourceType[] {
  return RESOURCE_TYPES.filter((t) => names.includes(t.resource));
}

function parseGet(p: ParsedFlags, base: OpBase): GetOp {
  if (p.positionals.length === 0) {
    throw new KubectlArgsError(`You must specify the type of resource to get. Supported here: ${RESOURCE_TYPES.map((t) => t.resource).join(', ')}.`);
  }
  const targets = resourceArgs(p.positionals, 'get', RESOURCE_TYPES, { commaTypes: true });
  const o = flagString(p, 'output');
  let output: OutputFormat = 'table';
  if (o !== undefined) {
    if (o === 'wide' || o === 'yaml' || o === 'json' || o === 'name') output = o;
    else {
      const kind = o.split('=')[0];
      throw new KubectlArgsError(`-o ${kind} is not supported in runbook cells: use -o wide, -o yaml, -o json or -o name (the cell's structured output has the objects as JSON).`);
    }
  }
  const allNamespaces = flagBool(p, 'all-namespaces');
  const labelSelector = flagString(p, 'selector');
  const fieldSelector = flagString(p, 'field-selector');
  if (targets.some((t) => t.names.length) && labelSelector !== undefined) {
    throw new KubectlArgsError('name cannot be provided when a selector is specified');
  }
  if (allNamespaces && targets.some((t) => t.names.length && t.type.namespaced)) {
    throw new KubectlArgsError('a resource cannot be retrieved by name across all namespaces');
  }
  return {
    ...base, verb: 'get', targets, allNamespaces, output,
    ...(labelSelector !== undefined ? { labelSelector } : {}),
    ...(fieldSelector !== undefined ? { fieldSelector } : {}),
  };
}

function parseDescribe(p: ParsedFlags, base: OpBase): DescribeOp {
  const allowed = types('pods', 'deployments');
  if (p.positionals.length === 0) throw new KubectlArgsError('You must specify the type of resource to describe: pods or deployments.');
  const targets = resourceArgs(p.positionals, 'describe', allowed);
  if (targets.length > 1) throw new KubectlArgsError('kubectl describe takes one resource type at a time in runbook cells.');
  const labelSelector = flagString(p, 'selector');
  if (targets[0].names.length && labelSelector !== undefined) throw new KubectlArgsError('name cannot be provided when a selector is specified');
  return { ...base, verb: 'describe', type: targets[0].type, names: targets[0].names, ...(labelSelector !== undefined ? { labelSelector } : {}) };
}

function parseLogs(p: ParsedFlags, base: OpBase): LogsOp {
  const selector = flagString(p, 'selector');
  let source: LogSource;
  const pos = p.positionals;
  if (selector !== undefined) {
    if (pos.length) throw new KubectlArgsError('only one of -l or a pod name (POD or TYPE/NAME) may be given.');
    if (!selector) throw new KubectlArgsError('-l/--selector is empty: give a label selector such as app=web.');
    source = { kind: 'selector', selector };
  } else {
    if (pos.length === 0) throw new KubectlArgsError('kubectl logs needs a pod (POD, pod/NAME or deployment/NAME) or -l SELECTOR.');
    if (pos.length > 2) throw new KubectlArgsError(`kubectl logs takes one pod and at most one container name (got ${pos.join(' ')}).`);
    const first = pos[0];
    const slash = first.indexOf('/');
    if (slash >= 0) {
      const type = lookupResource(first.slice(0, slash));
      const name = first.slice(slash + 1);
      if (!name) throw new KubectlArgsError(`no name in ${JSON.stringify(first)}.`);
      if (type?.resource === 'pods') source = { kind: 'pod', name };
      else if (type?.resource === 'deployments') source = { kind: 'deployment', name };
      else throw new KubectlArgsError(`kubectl logs ${first} is not supported in runbook cells: give a pod, pod/NAME, deployment/NAME or -l SELECTOR.`);
    } else {
      source = { kind: 'pod', name: first };
    }
  }
  let container = flagString(p, 'container');
  if (pos.length === 2) {
    if (container !== undefined) throw new KubectlArgsError('only one of -c or an inline [CONTAINER] arg is allowed');
    container = pos[1];
  }
  const allContainers = flagBool(p, 'all-containers');
  if (allContainers && container !== undefined) throw new KubectlArgsError('--all-containers=true should not be specified with container name');
  const tail = flagInt(p, 'tail') ?? 200;
  if (tail < -1) throw new KubectlArgsError(`--tail must be -1 (all lines) or a number of lines (got ${tail}).`);
  const since = flagString(p, 'since');
  const sinceSeconds = since === undefined ? undefined : Math.ceil(parseGoDuration(since, '--since'));
  if (sinceSeconds !== undefined && sinceSeconds <= 0) throw new KubectlArgsError('--since must be greater than 0');
  return {
    ...base, verb: 'logs', source, allContainers, tail,
    previous: flagBool(p, 'previous'), timestamps: flagBool(p, 'timestamps'), prefix: flagBool(p, 'prefix'),
    ...(container !== undefined ? { container } : {}),
    ...(sinceSeconds !== undefined ? { sinceSeconds } : {}),
  };
}

function singleDeployment(positionals: readonly string[], command: string): string {
  if (positionals.length === 0) throw new KubectlArgsError(`kubectl ${command} needs a deployment: deployment/NAME.`);
  const targets = resourceArgs(positionals, command, RESOURCE_TYPES);
  const t = targets[0];
  if (t.type.resource !== 'deployments') {
    throw new KubectlArgsError(`kubectl ${command} ${t.type.resource} is not supported in runbook cells: rollouts are supported for deployments.`);
  }
  if (targets.length !== 1 || t.names.length !== 1) {
    throw new KubectlArgsError(`kubectl ${command} takes one deployment in a runbook cell (one change, one confirmation): write deployment/NAME.`);
  }
  return t.names[0];
}

const ENV_NAME_RE = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

function parseSetEnv(p: ParsedFlags, base: OpBase): SetEnvOp {
  // kubectl's SplitEnvironmentFromResources: resources first, then KEY=VALUE / KEY- arguments.
  const resources: string[] = [];
  const envArgs: string[] = [];
  for (const w of p.positionals) {
    const isEnv = /^.+=/s.test(w) || w.endsWith('-');
    if (isEnv) envArgs.push(w);
    else if (envArgs.length) throw new KubectlArgsError(`all resources must be specified before environment changes: ${p.positionals.join(' ')}`);
    else resources.push(w);
  }
  if (resources.length === 0) throw new KubectlArgsError('kubectl set env needs a deployment: deployment/NAME KEY=VALUE ...');
  const targets = resourceArgs(resources, 'set env', types('deployments'));
  if (targets.length !== 1 || targets[0].names.length !== 1) {
    throw new KubectlArgsError('kubectl set env takes one deployment in a runbook cell (one change, one confirmation).');
  }
  const set: EnvVarSetting[] = [];
  const remove: string[] = [];
  const seen = new Set<string>();
  for (const spec of [...flagStrings(p, 'env'), ...envArgs]) {
    const eq = spec.indexOf('=');
    if (eq > 0) {
      const name = spec.slice(0, eq);
      if (!ENV_NAME_RE.test(name)) {
        throw new KubectlArgsError(`${JSON.stringify(name)} is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit`);
      }
      seen.add(name);
      set.push({ name, value: spec.slice(eq + 1) });
    } else if (spec.endsWith('-') && spec.length > 1) {
      remove.push(spec.slice(0, -1));
    } else {
      throw new KubectlArgsError(`unknown environment variable: ${spec}`);
    }
  }
  if (remove.some((r) => seen.has(r))) throw new KubectlArgsError('can not both modify and remove the same environment variable in the same command');
  if (set.length === 0 && remove.length === 0) throw new KubectlArgsError('at least one environment variable must be provided');
  return {
    ...base, verb: 'set env', type: targets[0].type, name: targets[0].names[0],
    containers: flagString(p, 'containers') ?? '*', set, remove, overwrite: flagBool(p, 'overwrite', true), dryRun: dryRun(p),
  };
}

function parseMetadata(p: ParsedFlags, base: OpBase, verb: 'annotate' | 'label'): MetadataOp {
  const noun = verb === 'annotate' ? 'annotation' : 'label';
  // kubectl's GetResourcesAndPairs: resources first, then KEY=VALUE / KEY- pairs.
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const w of p.positionals) {
    const isPair = (w.includes('=') && w[0] !== '=') || (w.endsWith('-') && w !== '-');
    if (isPair) pairs.push(w);
    else if (pairs.length) throw new KubectlArgsError(`all resources must be specified before ${noun} changes: ${w}`);
    else resources.push(w);
  }
  const all = flagBool(p, 'all');
  const labelSelector = flagString(p, 'selector');
  if (all && labelSelector !== undefined) throw new KubectlArgsError('cannot set --all and --selector at the same time');
  if (resources.length === 0) throw new KubectlArgsError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  const targets = resourceArgs(resources, verb, RESOURCE_TYPES);
  if (targets.length !== 1) throw new KubectlArgsError(`kubectl ${verb} takes one resource type at a time in a runbook cell.`);
  const { type, names } = targets[0];
  if (names.length === 0 && !all && labelSelector === undefined) {
    throw new KubectlArgsError(`resource(s) were provided, but no name was specified: give a name, --all or -l SELECTOR.`);
  }
  if (names.length && (all || labelSelector !== undefined)) throw new KubectlArgsError(`names cannot be given together with ${all ? '--all' : '--selector'}.`);
  const setMap = new Map<string, string>();
  const remove: string[] = [];
  const invalid: string[] = [];
  for (const pair of pairs) {
    if (pair.includes('=') && pair[0] !== '=') {
      const eq = pair.indexOf('=');
      setMap.delete(pair.slice(0, eq));
      setMap.set(pair.slice(0, eq), pair.slice(eq + 1));
    } else if (pair.endsWith('-') && pair !== '-') {
      remove.push(pair.slice(0, -1));
    } else {
      invalid.push(pair);
    }
  }
  if (invalid.length) throw new KubectlArgsError(`invalid ${noun} format: ${invalid.join(', ')}`);
  if (setMap.size === 0 && remove.length === 0) throw new KubectlArgsError(`at least one ${noun} update is required`);
  const both = remove.filter((k) => setMap.has(k));
  if (both.length) {
    throw new KubectlArgsError(verb === 'annotate'
      ? `can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}`
      : 'can not both modify and remove a label in the same command');
  }
  return {
    ...base, verb, type, names, all, set: [...setMap], remove, overwrite: flagBool(p, 'overwrite'), dryRun: dryRun(p),
    ...(labelSelector !== undefined ? { labelSelector } : {}),
  };
}

function parsePatch(p: ParsedFlags, base: OpBase): PatchOp {
  if (p.positionals.length === 0) throw new KubectlArgsError('kubectl patch needs an object: TYPE NAME or TYPE/NAME, and -p PATCH.');
  const targets = resourceArgs(p.positionals, 'patch', RESOURCE_TYPES.filter((t) => t.resource !== 'events'));
  if (targets.length !== 1 || targets[0].names.length !== 1) {
    throw new KubectlArgsError('kubectl patch takes one object in a runbook cell (one change, one confirmation).');
  }
  const typeFlag = flagString(p, 'type') ?? 'strategic';
  if (typeFlag !== 'strategic' && typeFlag !== 'merge' && typeFlag !== 'json') {
    throw new KubectlArgsError(`--type must be one of [json merge strategic], not ${JSON.stringify(typeFlag)}`);
  }
  const text = flagString(p, 'patch');
  if (text === undefined) throw new KubectlArgsError('must specify -p to patch (kubectl patch --patch-file is not supported in runbook cells: put the patch in the cell).');
  if (text.trim() === '') throw new KubectlArgsError('unable to parse an empty patch: give -p a JSON or YAML patch.');
  const patch = parsePatchText(text);
  if (typeFlag === 'json' && !Array.isArray(patch)) {
    throw new KubectlArgsError('a --type=json patch must be a JSON array of operations, for example [{"op":"replace","path":"/data/KEY","value":"v"}].');
  }
  if (typeFlag !== 'json' && (patch === null || typeof patch !== 'object' || Array.isArray(patch))) {
    throw new KubectlArgsError(`a --type=${typeFlag} patch must be an object, for example {"data":{"KEY":"v"}}${Array.isArray(patch) ? ' (an array of operations needs --type=json)' : ''}.`);
  }
  return { ...base, verb: 'patch', type: targets[0].type, name: targets[0].names[0], patchType: typeFlag, patch, dryRun: dryRun(p) };
}

/** kubectl reads -p as YAML (JSON being YAML too). */
export function parsePatchText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    /* not JSON: YAML */
  }
  try {
    return parseYaml(text, { version: '1.1', uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    throw new KubectlArgsError(`unable to parse the patch ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)}: ${(e as Error).message.split('\n')[0]}`);
  }
}

function parseScale(p: ParsedFlags, base: OpBase): ScaleOp {
  const replicas = flagInt(p, 'replicas');
  if (replicas === undefined) throw new KubectlArgsError('required flag(s) "replicas" not set');
  if (replicas < 0) throw new KubectlArgsError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  if (p.positionals.length === 0) throw new KubectlArgsError('kubectl scale needs an object: deployment/NAME or replicaset/NAME.');
  const targets = resourceArgs(p.positionals, 'scale', types('deployments', 'replicasets'));
  if (targets.length !== 1 || targets[0].names.length === 0) {
    throw new KubectlArgsError('kubectl scale takes one resource type and at least one name: deployment/NAME --replicas=N.');
  }
  return { ...base, verb: 'scale', type: targets[0].type, names: targets[0].names, replicas, dryRun: dryRun(p) };
}

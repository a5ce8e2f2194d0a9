/**
 * The plan of a kubectl cell before anything is sent: the parsed operation, whether it changes the cluster, and
 * where it acts (context, API server, namespace, kind, name) — what the confirmation names and the notebook shows.
 * Pure: no client-node, no network.
 */
import { isMutating, isMutatingVerb, parseKubectlArgs, type KubectlOp } from './args';
import type { KubeSession } from './kubeconfig';
import { quoteShellWord } from '../notebooks/shellWords';

export interface KubeTarget {
  context: string;
  server: string;
  /** The namespace the operation acts in ('' for cluster-scoped types, '*' for -A). */
  namespace: string;
  /** Object kind, for example Deployment ('Pod' for logs). */
  kind: string;
  /** The object name(s), or a description such as "all (--all)" or "-l app=web". */
  name: string;
}

export interface KubectlPlan {
  op: KubectlOp;
  /** True when running it changes the cluster (a mutating verb without --dry-run). */
  mutating: boolean;
  /** True for mutating verbs whatever their --dry-run (a server dry run still sends a PATCH with dryRun=All). */
  mutatingVerb: boolean;
  target: KubeTarget;
  /** The command as it will run, quoted for display: kubectl annotate deployment/web -n shop 'k=v'. */
  command: string;
}

/** The namespace an operation uses: -n, else the session's (the picker's, the context's, or "default"). */
export function namespaceFor(op: KubectlOp, session: Pick<KubeSession, 'namespace'>): string {
  return op.namespace ?? session.namespace;
}

export function planKubectl(args: readonly string[] | KubectlOp, session: Pick<KubeSession, 'context' | 'server' | 'namespace'>): KubectlPlan {
  const op = Array.isArray(args) ? parseKubectlArgs(args as string[]) : (args as KubectlOp);
  const ns = namespaceFor(op, session);
  const target = targetOf(op, ns);
  return {
    op,
    mutating: isMutating(op),
    mutatingVerb: isMutatingVerb(op),
    target: { context: session.context, server: session.server, ...target },
    command: ['kubectl', ...op.args].map(quoteShellWord).join(' '),
  };
}

function targetOf(op: KubectlOp, ns: string): { namespace: string; kind: string; name: string } {
  switch (op.verb) {
    case 'get': {
      const t = op.targets[0];
      const namespaced = op.targets.some((x) => x.type.namespaced);
      return {
        namespace: !namespaced ? '' : op.allNamespaces ? '*' : ns,
        kind: op.targets.map((x) => x.type.kind).join(','),
        name: t.names.length ? t.names.join(', ') : op.labelSelector ? `-l ${op.labelSelector}` : '(all)',
      };
    }
    case 'describe':
      return { namespace: ns, kind: op.type.kind, name: op.names.length ? op.names.join(', ') : op.labelSelector ? `-l ${op.labelSelector}` : '(all)' };
    case 'logs': {
      const s = op.source;
      return s.kind === 'selector' ? { namespace: ns, kind: 'Pod', name: `-l ${s.selector}` } : { namespace: ns, kind: s.kind === 'pod' ? 'Pod' : 'Deployment', name: s.name };
    }
    case 'rollout status':
    case 'rollout history':
    case 'rollout restart':
    case 'rollout undo':
      return { namespace: ns, kind: 'Deployment', name: op.name };
    case 'set env':
    case 'patch':
      return { namespace: op.type.namespaced ? ns : '', kind: op.type.kind, name: op.name };
    case 'annotate':
    case 'label':
      return {
        namespace: op.type.namespaced ? ns : '',
        kind: op.type.kind,
        name: op.names.length ? op.names.join(', ') : op.all ? 'all (--all)' : `-l ${op.labelSelector}`,
      };
    case 'scale':
      return { namespace: ns, kind: op.type.kind, name: op.names.join(', ') };
  }
}

/**
 * The default answer to "can the kubectl cells run this?": a small allowlist of verbs, used until a full
 * kubectl argument parser is wired in through CheckOptions.isSupportedKubectl.
 */
import type { KubectlSupport } from './types';

export const DEFAULT_KUBECTL_VERBS: readonly string[] = ['get', 'describe', 'logs', 'rollout', 'set', 'annotate', 'label', 'patch', 'scale'];

/** Global flags that take their value as the next word (`-n ai get pods`). */
const VALUE_FLAGS = new Set(['-n', '--namespace', '--context', '--cluster', '--user', '--kubeconfig', '-s', '--server', '--as', '--as-group', '--request-timeout', '--token', '-v', '--v']);

/** The verb of a kubectl command: the first word that is neither a flag nor a flag's value. */
export function kubectlVerb(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('-') || a === '-') return a;
    if (!a.includes('=') && VALUE_FLAGS.has(a)) i++;
  }
  return undefined;
}

export const builtinKubectlSupport: KubectlSupport = (args) => {
  const verb = kubectlVerb(args);
  if (verb === undefined) return 'the command has no kubectl verb (for example get, describe or logs)';
  if (DEFAULT_KUBECTL_VERBS.includes(verb)) return undefined;
  return `kubectl cells do not run "${verb.length > 40 ? `${verb.slice(0, 40)}…` : verb}"; they run ${DEFAULT_KUBECTL_VERBS.join(', ')}`;
};

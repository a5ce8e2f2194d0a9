/**
 * Errors of the Kubernetes core. Callers branch on the class (and `reason`), never on message text.
 * Messages read like kubectl's where kubectl has one, so an engineer who knows kubectl recognises them.
 */
import { InputError, OnCallError } from '../common/errors';

/** The cell's arguments are not a supported kubectl command (unknown verb, flag, resource, bad value). */
export class KubectlArgsError extends InputError {}

/** The kubeconfig cannot be read or does not say what is needed (file, context, cluster, server). */
export class KubeconfigError extends InputError {}

/**
 * No context is chosen: the kubeconfig has an empty current-context and none was given. Not a crash: the caller
 * shows a picker of `contexts` (and then passes the chosen one).
 */
export class NoContextError extends KubeconfigError {
  constructor(
    readonly contexts: string[],
    readonly sources: string[],
  ) {
    super(
      contexts.length
        ? `No Kubernetes context is selected (current-context is empty in ${sources.join(', ') || 'the kubeconfig'}): pick one of ${contexts.join(', ')}.`
        : `The kubeconfig (${sources.join(', ') || 'none found'}) defines no contexts: add one (kubectl config set-context) or point KUBECONFIG at a file that has one.`,
    );
  }
}

/** The API server answered with an error status. `reason` is the Status reason (NotFound, Conflict, Invalid, ...). */
export class KubeApiError extends OnCallError {
  constructor(
    message: string,
    readonly status: number,
    readonly reason: string | undefined,
    /** The Status object the server sent, when it sent one. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The server could not be reached (connection refused, TLS, DNS, timeout) or the request was cancelled. */
export class KubeConnectionError extends OnCallError {
  constructor(
    message: string,
    readonly cancelled: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A kubectl-level refusal before anything is sent: a paused deployment, no rollout history, an overwrite without
 * --overwrite, an object that changed after the engineer confirmed the dry run.
 */
export class KubectlRefusedError extends OnCallError {
  constructor(
    message: string,
    readonly reason: 'paused' | 'no-history' | 'revision-not-found' | 'overwrite' | 'changed-since-confirmed' | 'not-found' | 'invalid' | 'no-change',
  ) {
    super(message);
  }
}

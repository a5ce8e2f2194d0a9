/**
 * The Kubernetes runtime, built as its own bundle (dist/kubernetes.js) so @kubernetes/client-node loads only when a
 * kubectl cell or a Kubernetes command first needs it, never at activation. No vscode here.
 */
export { executeKubectl, revertChange, closeSession } from '../../kubernetes/run';

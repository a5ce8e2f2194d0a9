import * as path from 'node:path';
import type * as Runtime from './runtime';

let runtime: typeof Runtime | undefined;

/** Loads dist/kubernetes.js (client-node and the operations) on first use. */
export function kubernetesRuntime(): typeof Runtime {
  if (!runtime) {
    // A computed path: esbuild leaves it to run time instead of bundling it into the extension.
    const file = path.join(__dirname, 'kubernetes.js');
    runtime = require(file) as typeof Runtime; // eslint-disable-line @typescript-eslint/no-require-imports
  }
  return runtime;
}

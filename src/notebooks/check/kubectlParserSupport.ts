/**
 * "Can the kubectl cells run this?" answered by the kubectl cells' own argument parser (src/kubernetes/args.ts):
 * exactly the commands, flags and values a cell would accept. The CLI and VS Code pass it to checkRunbook.
 */
import { parseKubectlArgs } from '../../kubernetes/args';
import { KubectlArgsError } from '../../kubernetes/errors';
import type { KubectlSupport } from './types';

export const kubectlParserSupport: KubectlSupport = (args) => {
  try {
    parseKubectlArgs(args);
    return undefined;
  } catch (e) {
    if (e instanceof KubectlArgsError) return e.message;
    throw e;
  }
};

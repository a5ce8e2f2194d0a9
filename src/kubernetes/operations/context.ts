/** What every operation runs with. */
import type { KubeClient } from '../client';
import type { KubeSession } from '../kubeconfig';
import type { ObjectChange } from '../result';

export interface OpContext {
  client: KubeClient;
  session: KubeSession;
  /** The namespace for this operation: -n, else the session's. */
  namespace: string;
  signal?: AbortSignal;
  /** The clock (rollout restart's restartedAt; a confirmed run reuses the dry run's time). */
  now: Date;
  /** Lines kubectl would print on stderr; operations append to it. */
  notes: string[];
  /** For a real run after a confirmed dry run: the changes the engineer saw. A different patch now is refused. */
  confirmed?: readonly ObjectChange[];
  /** Progress lines of long operations (rollout status), as they happen. */
  onProgress?: (line: string) => void;
}

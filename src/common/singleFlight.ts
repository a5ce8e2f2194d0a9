/**
 * At most one run of some work at a time: a call while a run is in flight joins it (gets the same promise)
 * instead of starting another. The Alerts panel's refresh uses it, so pressing refresh repeatedly while an
 * Alertmanager is slow leaves one request in flight per server.
 */
export class SingleFlight<T> {
  private pending: Promise<T> | undefined;
  /** Runs started. */
  started = 0;
  /** Calls that joined a run already in flight. */
  joined = 0;

  get busy(): boolean {
    return this.pending !== undefined;
  }

  run(work: () => Promise<T>): Promise<T> {
    if (this.pending) {
      this.joined++;
      return this.pending;
    }
    this.started++;
    const p: Promise<T> = Promise.resolve()
      .then(work)
      .finally(() => {
        if (this.pending === p) this.pending = undefined;
      });
    this.pending = p;
    return p;
  }
}

/**
 * Work a plugin hook leaves for after its answer has gone out, run in the order given, each
 * piece as a task of its own so that a request arriving meanwhile is served between pieces.
 * The first piece waits `delayMs`: a worker sends its answer only between turns of the event
 * loop, and a long piece started at once would hold the answer back.
 */
export class AfterReturnQueue {
  private readonly queued: (() => void)[] = [];

  constructor(private readonly delayMs: number) {}

  add(work: () => void): void {
    const drain = () => {
      if (this.runNext()) setImmediate(drain);
    };
    // unref: left-over work never keeps a finished process alive (in-process plugins run in nx's)
    if (this.queued.push(work) === 1) setTimeout(drain, this.delayMs).unref();
  }

  /** Runs everything still queued, now. */
  finish(): void {
    while (this.runNext());
  }

  private runNext(): boolean {
    const work = this.queued.shift();
    if (work === undefined) return false;
    try {
      work();
    } catch {
      // The queue holds only what can be done again: caches, and resolving ahead of a hook
      // that resolves for itself when it finds nothing.
    }
    return true;
  }
}

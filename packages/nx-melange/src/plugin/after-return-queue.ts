/**
 * Work a plugin hook leaves for after its answer has gone out, run in the order given, each
 * piece as a task of its own so that a request arriving meanwhile is served between pieces.
 *
 * A piece starts only once the answer has really left. A plugin worker writes its answer to
 * Nx's socket, and what the kernel does not take at once (3.8 MB of the corpus's 4 MB of
 * projects) is written between turns of the event loop: a piece started before that would hold
 * the rest back, and Nx waits for it. Measured on the corpus, a 100 ms head start found the
 * answer still queued, and the 1 s piece held Nx back by that second.
 */
export interface AfterReturnQueueOptions {
  /** how long the first piece waits at least, so that the answer's write has begun */
  delayMs: number;
  /** how often to look again while the answer is still going out */
  pollMs?: number;
  /** whether this process is still writing something out; by default, any socket or pipe write pending */
  sending?: () => boolean;
}

/** Whether a socket or pipe write of this process is still under way (libuv's write requests). */
export function writesPending(): boolean {
  return process.getActiveResourcesInfo().some((resource) => resource.endsWith('WriteWrap'));
}

export class AfterReturnQueue {
  private readonly queued: (() => void)[] = [];
  private readonly delayMs: number;
  private readonly pollMs: number;
  private readonly sending: () => boolean;

  constructor(options: AfterReturnQueueOptions) {
    this.delayMs = options.delayMs;
    this.pollMs = options.pollMs ?? 5;
    this.sending = options.sending ?? writesPending;
  }

  add(work: () => void): void {
    if (this.queued.push(work) === 1) this.later(this.delayMs);
  }

  /** Runs everything still queued, now. */
  finish(): void {
    while (this.runNext());
  }

  private later(ms: number): void {
    // unref: left-over work never keeps a finished process alive (in-process plugins run in nx's)
    setTimeout(() => this.drain(), ms).unref();
  }

  private drain(): void {
    if (this.queued.length === 0) return;
    if (this.sending()) return this.later(this.pollMs);
    this.runNext();
    if (this.queued.length > 0) setImmediate(() => this.drain());
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

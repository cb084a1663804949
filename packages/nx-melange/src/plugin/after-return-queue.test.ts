import { describe, expect, it } from 'vitest';
import { AfterReturnQueue } from './after-return-queue';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('AfterReturnQueue', () => {
  it('runs the work later, in order, letting other work in between the pieces', async () => {
    const queue = new AfterReturnQueue(20);
    const done: string[] = [];
    let finished!: () => void;
    const allDone = new Promise<void>((resolve) => (finished = resolve));
    queue.add(() => {
      done.push('first');
      // what arrives while the first piece runs (a request to the worker) goes before the second
      setImmediate(() => done.push('request'));
    });
    queue.add(() => {
      done.push('second');
      finished();
    });
    await tick();
    expect(done).toEqual([]);
    await allDone;
    expect(done).toEqual(['first', 'request', 'second']);
  });

  it('runs what is still queued at once when finished, and nothing twice', async () => {
    const queue = new AfterReturnQueue(20);
    const done: string[] = [];
    queue.add(() => done.push('first'));
    queue.add(() => done.push('second'));
    queue.finish();
    expect(done).toEqual(['first', 'second']);
    await sleep(30);
    await tick();
    expect(done).toEqual(['first', 'second']);
  });

  it('goes on past a piece that throws', () => {
    const queue = new AfterReturnQueue(20);
    const done: string[] = [];
    queue.add(() => {
      throw new Error('cache folder gone');
    });
    queue.add(() => done.push('second'));
    queue.finish();
    expect(done).toEqual(['second']);
  });
});

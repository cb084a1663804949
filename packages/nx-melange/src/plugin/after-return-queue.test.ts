import { createServer, connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AfterReturnQueue, writesPending } from './after-return-queue';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('AfterReturnQueue', () => {
  it('runs the work later, in order, letting other work in between the pieces', async () => {
    const queue = new AfterReturnQueue({ delayMs: 20 });
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
    const queue = new AfterReturnQueue({ delayMs: 20 });
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
    const queue = new AfterReturnQueue({ delayMs: 20 });
    const done: string[] = [];
    queue.add(() => {
      throw new Error('cache folder gone');
    });
    queue.add(() => done.push('second'));
    queue.finish();
    expect(done).toEqual(['second']);
  });

  describe('with an answer still going out on a socket', () => {
    const cleanups: (() => void)[] = [];
    afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

    /** A Unix socket pair, as between Nx and its plugin worker: `reader` paused, so a large write stays pending. */
    async function socketPair(): Promise<{ writer: Socket; reader: Socket }> {
      const dir = mkdtempSync(join(tmpdir(), 'stagecraft-after-return-'));
      const path = join(dir, 'worker.sock');
      const accepted = new Promise<Socket>((resolve) => {
        const server = createServer((socket) => {
          socket.pause();
          resolve(socket);
        }).listen(path);
        cleanups.push(() => {
          server.close();
          rmSync(dir, { recursive: true, force: true });
        });
      });
      const writer = connect(path);
      await new Promise<void>((resolve) => writer.once('connect', () => resolve()));
      const reader = await accepted;
      cleanups.push(() => {
        writer.destroy();
        reader.destroy();
      });
      return { writer, reader };
    }

    it('starts the first piece only once the write has left the process', async () => {
      const { writer, reader } = await socketPair();
      const queue = new AfterReturnQueue({ delayMs: 0, pollMs: 1 });
      let unsentWhenRun: number | undefined;
      const pieceRan = new Promise<void>((resolve) =>
        queue.add(() => {
          unsentWhenRun = writer.writableLength;
          resolve();
        }),
      );
      // far more than the kernel's socket buffers take at once
      const total = 16 * 1024 * 1024;
      writer.write(Buffer.alloc(total, 'x'));
      expect(writesPending()).toBe(true);
      await sleep(50);
      expect(unsentWhenRun).toBeUndefined();

      let received = 0;
      reader.on('data', (chunk: Buffer) => (received += chunk.length));
      reader.resume();
      await pieceRan;
      expect(unsentWhenRun).toBe(0);
      // what the piece did not wait for is only what the kernel already held
      expect(received).toBeGreaterThan(total / 2);
      expect(writesPending()).toBe(false);
    });
  });
});


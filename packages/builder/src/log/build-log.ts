/**
 * The build log: every line the build and its steps print, with step boundaries and timings,
 * streamed as it happens (to the terminal, or the Nx executor's prefixed stream) and kept in
 * memory so it can be written beside the packages or its tail quoted in an error.
 */
export interface StepTiming {
  name: string;
  /** resolve / fetch / assemble / sandbox / package … */
  phase: string;
  ms: number;
  ok: boolean;
}

export type LogSink = (line: string) => void;

export class BuildLog {
  private readonly lines: string[] = [];
  readonly timings: StepTiming[] = [];
  private readonly started = process.hrtime.bigint();

  constructor(private readonly sink: LogSink = () => {}) {}

  line(text: string): void {
    for (const l of text.replace(/\n$/, '').split('\n')) {
      this.lines.push(l);
      this.sink(l);
    }
  }

  /** Runs one named step, logging its start, end and duration, and records the timing. */
  async step<T>(phase: string, name: string, run: () => Promise<T> | T): Promise<T> {
    this.line(`==> ${phase}: ${name}`);
    const t0 = process.hrtime.bigint();
    let ok = false;
    try {
      const result = await run();
      ok = true;
      return result;
    } finally {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      this.timings.push({ name, phase, ms, ok });
      this.line(`<== ${phase}: ${name}: ${ok ? 'ok' : 'FAILED'} (${formatMs(ms)})`);
    }
  }

  /** Milliseconds per phase, in first-seen order. */
  phaseTotals(): Record<string, number> {
    const totals: Record<string, number> = {};
    for (const t of this.timings) totals[t.phase] = (totals[t.phase] ?? 0) + t.ms;
    return totals;
  }

  tail(count: number): string[] {
    return this.lines.slice(-count);
  }

  /** The whole log plus a timing summary, as written to `<name>-<version>.build.log`. */
  render(): string {
    const total = Number(process.hrtime.bigint() - this.started) / 1e6;
    const summary = [
      '',
      '--- timings ---',
      ...this.timings.map((t) => `${formatMs(t.ms).padStart(10)}  ${t.phase}: ${t.name}${t.ok ? '' : ' (failed)'}`),
      `${formatMs(total).padStart(10)}  total`,
    ];
    return `${[...this.lines, ...summary].join('\n')}\n`;
  }
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

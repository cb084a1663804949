/** Turns output chunks into whole lines, per stream, so log lines never interleave mid-line. */
export class LineSplitter {
  private partial = '';
  constructor(private readonly emit: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const l of lines) this.emit(l);
  }

  flush(): void {
    if (this.partial) this.emit(this.partial);
    this.partial = '';
  }
}

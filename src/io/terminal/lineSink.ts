/**
 * Collects output lines and writes them once per event-loop turn: under a burst of deliveries one
 * write carries many lines instead of one syscall each (stderr to a pipe or file is synchronous).
 * A reader that goes away (`listen --json | head -1`) must not take the listener down with it:
 * after a write error the sink drops its lines and says so once.
 */
export class LineSink {
  private buf: string[] = [];
  private scheduled = false;
  private broken = false;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    onBroken: (err: Error) => void = () => undefined,
  ) {
    stream.on('error', (err: Error) => {
      if (this.broken) return;
      this.broken = true;
      this.buf = [];
      onBroken(err);
    });
  }

  push(text: string): void {
    if (this.broken) return;
    this.buf.push(text);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  /** Writes what is pending and resolves once the stream has taken it (or failed to). */
  flush(): Promise<void> {
    this.scheduled = false;
    if (this.broken || this.buf.length === 0) return Promise.resolve();
    const text = this.buf.join('');
    this.buf = [];
    return new Promise((resolve) => this.stream.write(text, () => resolve()));
  }
}

/**
 * Collects output lines and writes them once per event-loop turn: under a burst of deliveries one
 * write carries many lines instead of one syscall each (stderr to a pipe or file is synchronous).
 */
export class LineSink {
  private buf: string[] = [];
  private scheduled = false;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  push(text: string): void {
    this.buf.push(text);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes what is pending and resolves once the stream has taken it. */
  flush(): Promise<void> {
    this.scheduled = false;
    if (this.buf.length === 0) return Promise.resolve();
    const text = this.buf.join('');
    this.buf = [];
    return new Promise((resolve) => this.stream.write(text, () => resolve()));
  }
}

/** A bad flag, a missing file, a bad URL, no inputs: the user can fix it (exit 2). */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The environment failed us: port in use, disk full (exit 3). */
export class RuntimeFailure extends Error {
  readonly exitCode = 3;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RuntimeFailure';
  }
}

/** SIGINT or SIGTERM arrived while the command was working (exit 130, after saying what was done). */
export class Interrupted extends Error {
  readonly exitCode = 130;
  constructor(message = 'interrupted') {
    super(message);
    this.name = 'Interrupted';
  }
}

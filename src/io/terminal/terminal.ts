/**
 * NO_COLOR (https://no-color.org) wins over FORCE_COLOR, which wins over the TTY check; `--no-color`
 * beats both. Output that is not a terminal gets no colour.
 */
export function wantsColor(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv,
  noColorFlag: boolean,
): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(stream.isTTY);
}

/** Resolves once the stream has taken the text, so a pipe is never cut short. */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (text === '') return Promise.resolve();
  return new Promise((resolve, reject) => {
    // EPIPE: the reader has gone (`| head`); what it did not read is not an error of ours.
    stream.write(text, (err) => (err && (err as NodeJS.ErrnoException).code !== 'EPIPE' ? reject(err) : resolve()));
  });
}

/** Reports that are not going to a terminal are laid out for this many columns. */
export const PIPE_WIDTH = 80;

type Sized = { isTTY?: boolean; columns?: number };
const columnsOf = (stream: Sized) => (stream.isTTY && stream.columns && stream.columns > 0 ? stream.columns : null);

/**
 * Columns to lay out a report for (tables, stacked findings): the terminal's width, read at each
 * call so a resize is followed, or PIPE_WIDTH for a pipe or a file, so that what a script or a CI
 * log gets is the same on every machine whatever window it ran in.
 */
export function outputWidth(stream: Sized): number {
  return columnsOf(stream) ?? PIPE_WIDTH;
}

/**
 * Columns a status line is cut to (listen's live lines): the terminal's width, so it never wraps;
 * no limit for a pipe or a file, a log that should lose nothing and that nothing will wrap.
 */
export function liveLineWidth(stream: Sized): number {
  return columnsOf(stream) ?? Infinity;
}

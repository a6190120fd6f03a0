/**
 * One line on a terminal redrawn in place every `everyMs` (ten times a second by default) while a
 * long run goes on, and erased at the end. Nothing at all when the stream is not a terminal
 * (DESIGN.md: no progress bar in a pipe or a file).
 */
export interface StatusLine {
  stop(): void;
}

export function startStatusLine(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  text: (elapsedMs: number) => string,
  everyMs = 100,
): StatusLine {
  if (!stream.isTTY) return { stop: () => undefined };
  const t0 = performance.now();
  const timer = setInterval(() => stream.write(`\r\x1b[K${text(performance.now() - t0)}`), everyMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      stream.write('\r\x1b[K');
    },
  };
}

import readline from 'node:readline';

/** Asks a y/N question on the terminal; anything but y/yes (or end of input, or Ctrl-C) is no. */
export function askYesNo(question: string, stdin: NodeJS.ReadableStream, stderr: NodeJS.WritableStream, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: stdin, output: stderr, terminal: false });
    let answered = false;
    const finish = (yes: boolean) => {
      if (answered) return;
      answered = true;
      signal.removeEventListener('abort', onAbort);
      rl.close();
      resolve(yes);
    };
    const onAbort = () => finish(false);
    signal.addEventListener('abort', onAbort, { once: true });
    rl.on('line', (line) => finish(/^\s*y(es)?\s*$/i.test(line)));
    rl.on('close', () => finish(false));
    stderr.write(`${question} [y/N] `);
  });
}

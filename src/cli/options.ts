import type { Context } from '../commands/context.js';
import { UsageError } from '../core/errors.js';
import { formatByteSize, parseByteSize } from '../core/text/byteSize.js';

export const NAME = 'coperniq-hooks';

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/*
 * The parsers throw a UsageError, which commander passes through, rather than its own
 * InvalidArgumentError, which it prefixes with "option '--x <n>' argument 'v' is invalid." and so
 * said everything twice (issue 9). The message names the option and the value itself.
 */

export function integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

export function positive(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
      throw new UsageError(`${name} must be a number above 0, got "${value}"`);
    }
    return n;
  };
}

/** `env`: the variable the option also reads, named in the message since the value may come from it. */
export function byteSize(name: string, max = Number.MAX_SAFE_INTEGER, env?: string) {
  const from = env ? ` (from the flag or ${env})` : '';
  return (value: string): number => {
    const n = parseByteSize(value);
    if (n === null || n < 1) throw new UsageError(`${name} must be a size in bytes such as 1048576, 512k or 10MiB, got "${value}"${from}`);
    if (n > max) throw new UsageError(`${name} can be at most ${formatByteSize(max)}, got "${value}"${from}`);
    return n;
  };
}

/** Commands get a `$`; a line starting with `#` is a comment on the next one (kept on its own line so both fit 80 columns). */
export function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => (l.startsWith('#') || l.startsWith(' ') ? `  ${l}` : `  $ ${l}`)).join('\n')}\n`;
}

export interface Run {
  /** `stopWithParent`: stop (as on Ctrl-C) when the process that started this one goes away. */
  (load: (ctx: Context) => Promise<number>, opts?: { graceful?: boolean; stopWithParent?: boolean }): Promise<void>;
}


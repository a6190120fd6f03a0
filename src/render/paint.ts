import { Chalk, type ChalkInstance } from 'chalk';

export type Paint = ChalkInstance;

/** A chalk whose colour was decided by the CLI (see io/terminal.ts), never by chalk's own sniffing. */
export function paint(enabled: boolean): Paint {
  return new Chalk({ level: enabled ? 1 : 0 });
}

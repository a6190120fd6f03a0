/**
 * What a check finds, in a file of its own: the library's public types reach it, and it must not
 * drag zod's types (findings.ts builds findings from zod issues) into a user's compilation.
 */
export type Level = 'error' | 'warning';

export interface Finding {
  level: Level;
  /** Where, as `event.currentStage.name` or `record.trades[1]`; empty for the whole payload. */
  path: string;
  /** Stable machine-readable code, e.g. `invalid-type`, `required`, `unknown-field`. */
  code: string;
  message: string;
  /** 1-based position of the offending value in the file, when the file was read as text. */
  line?: number;
  column?: number;
}

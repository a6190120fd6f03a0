import type { Finding } from '../payload/findings.js';

/**
 * DESIGN.md principle 5, "one report shape", as the CI formats read it: a suite of cases (a file
 * checked, a delivery sent), each with its findings. `validate` and `replay` map their reports onto
 * it, and one JUnit writer and one GitHub writer (render/) turn it into text.
 *
 * The commands keep their own report types beside it, on purpose: their JSON output is a contract
 * that scripts read (validate's `results` and `summary`, replay's `deliveries` and `summary`, diff's
 * `pairs`), and their summaries count different things (a delivery can be sent and still fail; a
 * diff pair holds changes with values, not findings). diff has no CI format, so it has no cases.
 */
export interface ReportCase {
  name: string;
  /** What CI groups cases by (JUnit's classname): the trigger. */
  group: string;
  /** The file an annotation points at, when the case is a file. */
  file?: string;
  failed: boolean;
  /** Not run, and not a failure either: why (replay's "not sent (cannot change)"). */
  skipped?: string;
  seconds?: number;
  /** Replay's failures are findings too, of the delivery as a whole (empty path). */
  findings: Finding[];
  /** More lines for the body of a failure (status, attempts, ...). */
  details?: string[];
}

export interface CaseReport {
  suite: string;
  cases: ReportCase[];
  /** How it went, in the words of the command's pretty output. */
  summary: string;
}

/** How a summary marks a count it wants to stand out (the pretty reports pass a colour). */
export type Mark = (text: string) => string;
export const unmarked: Mark = (text) => text;

/**
 * The shapes of the inspector's API as the README documents them (section "The inspector's
 * API"). The list rows, the body, the index entry and the findings are core's own types, so the
 * page cannot drift from what the server writes.
 */
import type { IndexEntry } from '../../../core/capture/captureFormat.js';
import type { BodyView, DeliveryPage, DeliveryRow } from '../../../core/inspect/apiShapes.js';
import type { Finding } from '../../../core/payload/findings.js';
import type { VerdictClass } from '../../../core/inspect/deliveryQuery.js';
import type { DeliveryResult } from '../../../core/replay/replayReport.js';

export type { BodyView, DeliveryPage, DeliveryRow, Finding, IndexEntry, VerdictClass };

export interface Meta {
  version: string;
  dir: string;
  source: 'listen' | 'directory';
  total: number;
  rejected: number | null;
  badIndexLines: number;
  indexProblem: string | null;
  counts: { triggers: Record<string, number>; verdicts: Record<string, number>; duplicates: number };
  triggers: { key: string; name: string; count: number }[];
  replayTarget: { url: string; source: string; loopback: boolean } | null;
}

export interface Findings {
  valid: boolean;
  trigger: string | null;
  known: boolean;
  errors: Finding[];
  warnings: Finding[];
}

export interface ParseError {
  message: string;
  line?: number;
  column?: number;
}

export interface Detail {
  entry: IndexEntry;
  verdictClass: VerdictClass;
  title: string | null;
  moved: string | null;
  previousOfRecord: number | null;
  body: BodyView | null;
  bodyError: string | null;
  findings: Findings | null;
}

export interface CheckResult extends Findings {
  json: boolean;
  parseError: ParseError | null;
}

/** One row of `replay --format json`, plus where it went and what the target answered. */
export interface ReplayResult extends DeliveryResult {
  to: string;
  response: { headers: Record<string, string | string[]>; bodyStart: string } | null;
}

export interface ReplayBody {
  to?: string;
  body?: string;
  newIds?: boolean;
  headers?: Record<string, string>;
  confirm?: boolean;
}

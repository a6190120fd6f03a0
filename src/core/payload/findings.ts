import type { z } from 'zod';
import { formatPath } from '../path/formatPath.js';
import { quote } from '../text/printable.js';

import type { Finding } from './finding.js';

export type { Finding, Level } from './finding.js';

/** A finding on one line, "event.firedAt: expected ...". */
export function findingLine(f: Finding): string {
  return f.path ? `${f.path}: ${f.message}` : f.message;
}

/** zod's issue paths may hold symbols in general; a parsed payload's never do. */
function pathText(path: readonly PropertyKey[]): string {
  return formatPath(path.map((p) => (typeof p === 'symbol' ? String(p) : p)));
}

export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** "the string \"432563\"", "null", "a number (12)": what a person needs to see to fix it. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  switch (typeof v) {
    case 'string':
      return `the string ${quote(v.length > 60 ? `${v.slice(0, 57)}...` : v)}`;
    case 'number':
      // JSON.parse turns 1e400 into Infinity: say what the payload held.
      return Number.isFinite(v) ? `the number ${v}` : 'a number too large for a double (it reads as Infinity)';
    case 'boolean':
      return String(v);
    case 'object':
      return 'an object';
    default:
      return typeof v;
  }
}

const article: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/** Turns zod issues into findings worded for people; unknown keys become one warning each. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], root: unknown): Finding[] {
  const out: Finding[] = [];
  for (const issue of issues) {
    const at = issue.path;
    const value = valueAt(root, at);
    switch (issue.code) {
      case 'invalid_type': {
        const expected = article[issue.expected] ?? issue.expected;
        if (value === undefined) {
          out.push({ level: 'error', path: pathText(at), code: 'required', message: `required field is missing (expected ${expected})` });
        } else {
          const got = issue.expected === 'int' && typeof value === 'number' ? `${value}, which is not a whole number` : describeValue(value);
          out.push({ level: 'error', path: pathText(at), code: 'invalid-type', message: `expected ${expected}, got ${got}` });
        }
        break;
      }
      case 'invalid_format':
        out.push({
          level: 'error',
          path: pathText(at),
          code: 'invalid-format',
          message:
            issue.format === 'datetime'
              ? `expected an ISO-8601 timestamp with a zone (like 2025-01-21T06:15:23.687Z), got ${describeValue(value)}`
              : `expected ${issue.format} format, got ${describeValue(value)}`,
        });
        break;
      case 'invalid_value':
        out.push({
          level: 'error',
          path: pathText(at),
          code: 'invalid-value',
          message: `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeValue(value)}`,
        });
        break;
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          out.push({ level: 'warning', path: pathText([...at, key]), code: 'unknown-field', message: 'unknown field: not in the payload Coperniq publishes' });
        }
        break;
      case 'too_big':
      case 'too_small':
        out.push({ level: 'error', path: pathText(at), code: 'out-of-range', message: `${issue.message}, got ${describeValue(value)}` });
        break;
      default:
        out.push({ level: 'error', path: pathText(at), code: issue.code.replace(/_/g, '-'), message: issue.message });
    }
  }
  return out;
}

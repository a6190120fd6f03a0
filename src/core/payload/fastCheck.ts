import { createRequire } from 'node:module';
import { runCheckBody, type CheckOptions, type CheckResult, type ShapeCheck } from './checkCore.js';

type Validators = Record<string, (value: unknown) => boolean>;

let validators: Validators | null | undefined;

/**
 * The validators the build generates from our zod schemas (scripts/build-fast-check.mjs with
 * checkCompiler.ts). They load in a few milliseconds where zod takes tens, and they only answer yes
 * or no. Absent when running from the TypeScript sources: then every payload takes the zod path.
 */
function load(): Validators | null {
  if (validators === undefined) {
    try {
      validators = createRequire(import.meta.url)('./fastCheck.generated.cjs') as Validators;
    } catch {
      validators = null;
    }
  }
  return validators;
}

// Yes means: no error and no unknown field (the generated schemas are closed), so zod would find nothing.
const fastShape: ShapeCheck = (subject, key, known) => {
  const v = load()?.[known ? (key as string) : 'envelope'];
  return v && v(subject) ? [] : null;
};

/**
 * The complete result for bodies that need no zod: valid payloads (with their cross-check warnings),
 * and bodies that are not JSON or not objects. Null for the rest: ask check.ts.
 */
export function fastCheckBody(bytes: Uint8Array, opts: CheckOptions = {}): CheckResult | null {
  return runCheckBody(bytes, opts, fastShape);
}

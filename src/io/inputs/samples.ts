/**
 * The bundled sample payloads (`samples/<TRIGGER_KEY>.json`), found next to the installed package
 * so `npx coperniq-hooks replay --sample PROJECT_MOVEMENT` works from any folder.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { UsageError } from '../../core/errors.js';

const SAMPLES_DIR = fileURLToPath(new URL('../../../samples/', import.meta.url));

export function sampleTriggers(): string[] {
  let names: string[];
  try {
    names = readdirSync(SAMPLES_DIR);
  } catch {
    return [];
  }
  return names.filter((n) => /^[A-Z0-9_]+\.json$/.test(n)).map((n) => n.slice(0, -'.json'.length)).sort();
}

/** The sample file for a trigger key (any case), or a UsageError listing the keys there are. */
export function samplePath(trigger: string): string {
  const key = trigger.trim().toUpperCase();
  const known = sampleTriggers();
  if (!known.includes(key)) {
    throw new UsageError(
      known.length
        ? `no sample for trigger "${trigger}"; known triggers: ${known.join(', ')}`
        : `no bundled samples found in ${SAMPLES_DIR}`,
    );
  }
  return path.join(SAMPLES_DIR, `${key}.json`);
}

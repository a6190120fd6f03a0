/**
 * The bundled sample payloads (`samples/<TRIGGER_KEY>.json`), found next to the installed package
 * so `npx coperniq-hooks replay --sample PROJECT_MOVEMENT` works from any folder. They are the
 * templates of core/sample/generateSample.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { RuntimeFailure } from '../../core/errors.js';
import type { TriggerKey } from '../../core/payload/triggers.js';

const SAMPLES_DIR = fileURLToPath(new URL('../../../samples/', import.meta.url));

const templates = new Map<TriggerKey, unknown>();

/** The parsed sample of a known trigger (read once per process). */
export function sampleTemplate(key: TriggerKey): unknown {
  let template = templates.get(key);
  if (template === undefined) {
    const file = path.join(SAMPLES_DIR, `${key}.json`);
    try {
      template = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    } catch (err) {
      throw new RuntimeFailure(`the bundled sample ${file} cannot be read (${(err as Error).message}); reinstall coperniq-hooks`);
    }
    templates.set(key, template);
  }
  return template;
}

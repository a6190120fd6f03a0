import { createRequire } from 'node:module';
import type { Finding } from '../../core/payload/findings.js';
import { formatPath } from '../../core/path/formatPath.js';
import { pointerToSegments } from '../../core/path/jsonPointer.js';
import { UsageError } from '../../core/errors.js';
import { parseJsonText } from '../../core/payload/json.js';
import { InputError } from './regularFile.js';
import { readRegularFile } from './scratchReader.js';

export type UserCheck = (value: unknown) => Finding[];

/**
 * A user's own JSON Schema (`validate --schema`), checked with ajv in addition to ours. ajv is loaded
 * only here, so runs without --schema never pay for it. Draft 2020-12 and 2019-09 schemas get the
 * matching ajv class; anything else is treated as draft-07, ajv's default.
 */
export function loadUserSchema(file: string, shownAs: string, maxBytes: number): UserCheck {
  let text: string;
  try {
    text = readRegularFile(file, shownAs, maxBytes).toString('utf8');
  } catch (err) {
    const why = err instanceof InputError ? err.message : (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new UsageError(`cannot read --schema ${shownAs}: ${why}`);
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new UsageError(`--schema ${shownAs}: ${parsed.message}`);
  const schema = parsed.value as { $schema?: string };
  if (!schema || typeof schema !== 'object') throw new UsageError(`--schema ${shownAs}: a JSON Schema must be an object`);
  const require = createRequire(import.meta.url);
  const draft = String(schema.$schema ?? '');
  const Ajv = draft.includes('2020-12')
    ? require('ajv/dist/2020').default
    : draft.includes('2019-09')
      ? require('ajv/dist/2019').default
      : require('ajv').default;
  const addFormats = require('ajv-formats').default;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  let validate: ((v: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params?: Record<string, unknown> }[] | null };
  try {
    validate = ajv.compile(schema);
  } catch (err) {
    throw new UsageError(`--schema ${shownAs} is not a usable JSON Schema: ${(err as Error).message}`);
  }
  return (value) => {
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => ({
      level: 'error' as const,
      path: pointerToPath(e.instancePath, e.params),
      code: 'user-schema',
      message: `${e.message ?? 'does not match'} (${shownAs})`,
    }));
  };
}

/** ajv names the object for a missing property; the finding names the property, as ours do. */
function pointerToPath(pointer: string, params?: Record<string, unknown>): string {
  const path = pointerToSegments(pointer);
  if (params && typeof params.missingProperty === 'string') path.push(params.missingProperty);
  return formatPath(path);
}

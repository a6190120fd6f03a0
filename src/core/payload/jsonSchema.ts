import { z } from 'zod';
import { schemas, type Openness } from './schemas.js';
import { TRIGGERS, type TriggerKey } from './triggers.js';

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

type JsonSchema = Record<string, unknown>;

/**
 * Converts every schema in one pass so shared parts (record, workOrder, timestamps) land once in the
 * root's `$defs`, with readable names instead of zod's generated ones.
 */
function convertAll(parts: Record<string, z.ZodType>): { defs: JsonSchema; parts: Record<string, JsonSchema> } {
  const all = z.toJSONSchema(z.object(parts), { target: 'draft-2020-12', unrepresentable: 'any', reused: 'ref' }) as {
    properties: Record<string, JsonSchema>;
    $defs?: JsonSchema;
  };
  const names = new Map<string, string>();
  const inline = new Map<string, JsonSchema>();
  const used = new Set<string>();
  for (const [old, def] of Object.entries(all.$defs ?? {}) as [string, JsonSchema][]) {
    // `{"type":"string"}` behind a $ref helps nobody reading the schema.
    if (JSON.stringify(def).length < 60 && !JSON.stringify(def).includes('$ref')) inline.set(old, def);
    else names.set(old, nameFor(def, used));
  }
  const rename = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rename);
    if (v && typeof v === 'object') {
      const ref = (v as JsonSchema).$ref;
      if (typeof ref === 'string' && Object.keys(v).length === 1 && inline.has(ref.replace('#/$defs/', ''))) {
        return inline.get(ref.replace('#/$defs/', ''));
      }
      const o: JsonSchema = {};
      for (const [k, x] of Object.entries(v)) {
        o[k] = k === '$ref' && typeof x === 'string' ? `#/$defs/${names.get(x.replace('#/$defs/', '')) ?? x}` : rename(x);
      }
      return o;
    }
    return v;
  };
  const defs: JsonSchema = {};
  for (const [old, def] of Object.entries(all.$defs ?? {})) if (names.has(old)) defs[names.get(old)!] = rename(def);
  const out: Record<string, JsonSchema> = {};
  for (const k of Object.keys(parts)) out[k] = rename(all.properties[k]) as JsonSchema;
  return { defs, parts: out };
}

function nameFor(def: JsonSchema, used: Set<string>): string {
  const props = def.properties as Record<string, unknown> | undefined;
  let base = 'Shared';
  if (def.format === 'date-time') base = 'Timestamp';
  else if (def.type === 'integer') base = 'Id';
  else if (props?.geoLocation) base = 'Record';
  else if (props?.isField || props?.completionDate) base = 'WorkOrder';
  else if (props?.type && props?.name) base = 'Stage';
  else if (props?.name && props?.id) base = 'Named';
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}${i}`;
  used.add(name);
  return name;
}

/**
 * Every trigger's shape and the envelope as one document (`properties.<key>` refer to shared
 * `$defs`). `closed` forbids unknown fields: the build compiles it into the fast pre-check
 * (scripts/build-fast-check.mjs) that lets valid payloads skip zod.
 */
export function allShapesJsonSchema(openness: Openness): JsonSchema {
  const s = schemas(openness);
  const { defs, parts } = convertAll({ envelope: s.envelope, ...s.byTrigger });
  return { $schema: DRAFT, type: 'object', properties: parts, $defs: defs };
}

/**
 * The rules `validate` applies, as JSON Schema (draft 2020-12) for ajv, editors and other languages.
 * The whole-payload schema checks the common envelope, then each known trigger's own shape through
 * `if triggerKey = K then ...`, so a known key is judged only by its own shape and an unknown key only
 * by the envelope, as `validate` does. Unknown fields are allowed (they are warnings in `validate`),
 * and the cross-checks, which are warnings too, have no JSON Schema form.
 */
export function webhookJsonSchema(trigger?: TriggerKey): JsonSchema {
  const s = schemas('open');
  if (trigger) {
    const { defs, parts } = convertAll({ [trigger]: s.byTrigger[trigger] });
    return {
      $schema: DRAFT,
      $id: `https://coperniq-hooks.dev/schema/${trigger}.json`,
      title: `Coperniq webhook payload: ${trigger}`,
      ...parts[trigger],
      $defs: defs,
    };
  }
  const { defs, parts } = convertAll({ envelope: s.envelope, ...s.byTrigger });
  return {
    $schema: DRAFT,
    $id: 'https://coperniq-hooks.dev/schema/webhook.json',
    title: 'Coperniq webhook payload',
    description: 'Any Coperniq "Call webhook" payload: the common envelope, and the shape of its trigger when the trigger is known.',
    allOf: [
      parts.envelope,
      ...TRIGGERS.map((t) => ({
        if: {
          type: 'object',
          required: ['event'],
          properties: { event: { type: 'object', required: ['triggerKey'], properties: { triggerKey: { const: t.key } } } },
        },
        then: parts[t.key],
      })),
    ],
    $defs: defs,
  };
}

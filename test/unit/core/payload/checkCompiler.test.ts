import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { compileSchemaChecks, SchemaCompileError } from '../../../../src/core/payload/checkCompiler.js';

type Schema = Record<string, unknown>;
type Check = (v: unknown) => boolean;

// ajv (a dependency, for --schema) is the reference for JSON Schema's meaning here.
const Ajv2020 = createRequire(import.meta.url)('ajv/dist/2020').default as new (o: object) => { compile: (s: Schema) => Check };
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });

/** The compiled check of `schema` (its own `$defs` as the root). */
function compiled(schema: Schema): Check {
  const exports: Record<string, Check> = {};
  new Function('exports', compileSchemaChecks(schema, { it: schema }))(exports);
  return exports.it;
}

const VALUES: unknown[] = [
  null, true, false, 0, -0, 1, -1, 1.5, 2 ** 53, -(2 ** 53), 9007199254740991, 1e300,
  '', 'x', '2024-02-29T10:00:00Z', '2025-02-29T10:00:00Z', '2025-01-21T06:15:23.687+02:00',
  [], ['x'], [1], ['x', null], {}, { id: 1 }, { id: 1, name: 'a' }, { id: 1, name: 'a', extra: 1 }, { name: 'a' },
  JSON.parse('{"__proto__": 1}'), JSON.parse('{"constructor": "x"}'), { toString: 'x', id: 1, name: 'b' },
];

const SCHEMAS: [string, Schema][] = [
  ['integer in range', { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 }],
  ['number or null', { type: ['number', 'null'] }],
  ['string with a pattern', { type: 'string', format: 'date-time', pattern: '^\\d{4}-\\d{2}-\\d{2}T' }],
  ['pattern without a type', { pattern: '^x' }],
  ['minimum without a type', { minimum: 0 }],
  ['array of strings', { type: 'array', items: { type: 'string' } }],
  ['items without a type', { items: { type: 'string' } }],
  ['const', { const: 'x' }],
  ['anyOf', { anyOf: [{ type: 'integer' }, { type: 'array', items: { type: 'string' } }, { const: null }] }],
  ['closed object', { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } }, required: ['id'], additionalProperties: false }],
  ['open object', { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'], additionalProperties: {} }],
  ['object keywords without a type', { properties: { id: { type: 'integer' } }, required: ['id'] }],
  ['closed empty object', { type: 'object', additionalProperties: false }],
  ['a $ref into $defs', { $defs: { Id: { type: 'integer', minimum: 1 } }, type: 'object', properties: { id: { $ref: '#/$defs/Id' }, ids: { type: 'array', items: { $ref: '#/$defs/Id' } } }, additionalProperties: false }],
  ['annotations only', { title: 'anything', description: 'at all' }],
];

describe('compileSchemaChecks: plain functions that judge as ajv does', () => {
  it.each(SCHEMAS)('%s', (_name, schema) => {
    const ours = compiled(schema);
    const theirs = ajv.compile(schema);
    for (const v of VALUES) expect([v, ours(v)]).toEqual([v, theirs(v)]);
    // Not vacuous: each schema takes some values and refuses others.
    expect(new Set(VALUES.map(ours)).size, 'accepts some and refuses some').toBe(schema.title ? 1 : 2);
  });

  it('reads only own properties, also those Object.prototype has a name for (where ajv reads inherited ones)', () => {
    const check = compiled({ type: 'object', properties: { constructor: { type: 'string' }, toString: { type: 'string' }, id: {} }, additionalProperties: false });
    expect(check({})).toBe(true);
    expect(check(JSON.parse('{"constructor": "x", "toString": "y", "id": null}'))).toBe(true);
    expect(check(JSON.parse('{"constructor": 1}'))).toBe(false);
    expect(check(JSON.parse('{"__proto__": "x"}'))).toBe(false);
    expect(check(JSON.parse('{"id": 1, "name": "x"}'))).toBe(false);
  });

  it('a closed object refuses to pass while a polluted Object.prototype adds an enumerable key (zod then decides)', () => {
    const check = compiled({ type: 'object', properties: { id: { type: 'integer' } }, required: ['id'], additionalProperties: false });
    expect(check({ id: 1 })).toBe(true);
    let whilePolluted: boolean;
    Object.defineProperty(Object.prototype, 'polluted', { value: 1, enumerable: true, configurable: true, writable: true });
    try {
      whilePolluted = check({ id: 1 });
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
    expect(whilePolluted).toBe(false);
    expect(check({ id: 1 })).toBe(true);
  });

  it('compiles a subschema used twice once', () => {
    const stage = { type: 'object', properties: { id: { type: 'integer' } }, additionalProperties: false };
    const source = compileSchemaChecks({}, { a: { type: 'object', properties: { x: stage, y: stage } } });
    expect(source.match(/^function /gm)).toHaveLength(2);
  });

  it.each([
    ['an unknown keyword', { oneOf: [{ type: 'string' }] }, /keyword oneOf/],
    ['enum', { enum: ['a', 'b'] }, /keyword enum/],
    ['a $ref outside $defs', { $ref: 'https://example.com/s.json' }, /\$ref/],
    ['a $ref to a missing definition', { $ref: '#/$defs/Nope' }, /\$ref/],
    ['a const object', { const: { a: 1 } }, /const of an object/],
    ['additionalProperties with a schema', { type: 'object', additionalProperties: { type: 'string' } }, /additionalProperties/],
    ['a format no pattern checks', { type: 'string', format: 'email' }, /format email without a pattern/],
    ['a pattern that is no regex', { type: 'string', pattern: '(' }, /pattern/],
    ['an unknown type', { type: 'date' }, /type "date"/],
    ['a tuple of items', { type: 'array', items: [{ type: 'string' }] }, /items/],
    ['required outside the properties', { type: 'object', properties: {}, required: ['id'] }, /required id/],
  ])('refuses %s at build time', (_name, schema, message) => {
    expect(() => compileSchemaChecks(schema, { it: schema })).toThrow(SchemaCompileError);
    expect(() => compileSchemaChecks(schema, { it: schema })).toThrow(message);
  });
});

/**
 * Compiles the JSON Schema our zod schemas export into plain yes/no functions, as JavaScript source
 * (the build writes it to dist/core/payload/fastCheck.generated.cjs; see scripts/build-fast-check.mjs).
 *
 * Why not ajv's standalone code, which this replaced: ajv writes general code (error objects, the
 * evaluated-properties bookkeeping of draft 2020, an options object per call), 187 KB of it for our
 * schemas. `validate` runs each validator a few hundred times per trigger on 10,000 files, so most of
 * its cost was V8 compiling and warming that code up: about 110 ms of CPU where these functions,
 * about a quarter of the size, take about 30 (issue 13).
 *
 * Only the keywords those schemas use are understood; any other keyword throws at build time, so a
 * schema change can never be checked less strictly than it says. The functions are meant for values
 * made by JSON.parse (no undefined, no NaN, no accessors).
 */
type Schema = Record<string, unknown>;

/** Keywords that only describe: they check nothing. */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);
const CHECKED = new Set(['type', 'properties', 'required', 'additionalProperties', '$ref', '$defs', 'const', 'anyOf', 'items', 'minimum', 'maximum', 'pattern', 'format']);

const TYPE_TESTS: Record<string, (v: string) => string> = {
  object: (v) => `(typeof ${v} === 'object' && ${v} !== null && !Array.isArray(${v}))`,
  array: (v) => `Array.isArray(${v})`,
  string: (v) => `typeof ${v} === 'string'`,
  number: (v) => `(typeof ${v} === 'number' && Number.isFinite(${v}))`,
  integer: (v) => `Number.isInteger(${v})`,
  boolean: (v) => `typeof ${v} === 'boolean'`,
  null: (v) => `${v} === null`,
};

export class SchemaCompileError extends Error {}

class Compiler {
  private readonly functions: string[] = [];
  private readonly patterns: string[] = [];
  /** One function per distinct subschema (by its JSON text), so shared parts compile once. */
  private readonly names = new Map<string, string>();

  constructor(private readonly root: Schema) {}

  source(entries: Record<string, Schema>): string {
    const exported = Object.entries(entries).map(([key, schema]) => `exports[${JSON.stringify(key)}] = ${this.functionFor(schema, key)};`);
    return [
      "'use strict';",
      'const hasOwn = Object.prototype.hasOwnProperty;',
      // Keys counted without the array Object.keys makes per object checked (the pre-check runs
      // per delivery in the kit). A for-in also counts enumerable keys a polluted prototype adds:
      // such an object fails the pre-check, and zod decides.
      'const keyCount = (x) => { let k = 0; for (const _ in x) k++; return k; };',
      ...this.patterns.map((p, i) => `const pattern${i} = new RegExp(${JSON.stringify(p)}, 'u');`),
      ...this.functions,
      ...exported,
      '',
    ].join('\n');
  }

  private functionFor(schema: Schema, hint: string): string {
    const key = JSON.stringify(schema);
    const known = this.names.get(key);
    if (known) return known;
    const name = `check${this.names.size}`;
    this.names.set(key, name);
    const body = this.body(schema, 'x', hint);
    this.functions.push(`// ${hint.replace(/[^\w$#/.-]/g, '_')}\nfunction ${name}(x) {\n${body.map((l) => `  ${l}`).join('\n')}\n  return true;\n}`);
    return name;
  }

  /**
   * A boolean expression that holds when `v` passes `schema`: inline for scalar schemas (also behind
   * a $ref: an Id or a Timestamp is checked in place, not by a call, which the interpreter makes
   * dear), else a call to the schema's function.
   */
  private test(schema: Schema, v: string, hint: string): string {
    const keys = Object.keys(schema).filter((k) => !ANNOTATIONS.has(k));
    keys.forEach((k) => this.known(k, hint));
    if (keys.length === 1 && keys[0] === '$ref') {
      const [name, target] = this.deref(schema.$ref, hint);
      return isScalar(target) ? this.test(target, v, name) : `${this.functionFor(target, name)}(${v})`;
    }
    if (isScalar(schema)) {
      const conditions = this.scalarConditions(schema, v, hint);
      return conditions.length === 0 ? 'true' : conditions.length === 1 ? conditions[0] : `(${conditions.join(' && ')})`;
    }
    if (keys.length === 1 && keys[0] === 'anyOf') return this.anyOfTest(schema.anyOf, v, hint);
    return `${this.functionFor(schema, hint)}(${v})`;
  }

  /** Statements that return false when `v` fails `schema`. */
  private body(schema: Schema, v: string, hint: string): string[] {
    Object.keys(schema).forEach((k) => this.known(k, hint));
    const out = this.scalarConditions(schema, v, hint).map((c) => `if (${not(c)}) return false;`);
    if (schema.$ref !== undefined) out.push(`if (${not(this.test({ $ref: schema.$ref }, v, hint))}) return false;`);
    if (schema.anyOf !== undefined) out.push(`if (${not(this.anyOfTest(schema.anyOf, v, hint))}) return false;`);
    const lines = [...this.inKind(schema, 'array', v, this.arrayLines(schema, v, hint)), ...this.inKind(schema, 'object', v, this.objectLines(schema, v, hint))];
    return [...out, ...lines];
  }

  /** What type, const, minimum, maximum and pattern ask of `v`, each an expression. */
  private scalarConditions(schema: Schema, v: string, hint: string): string[] {
    const out: string[] = [];
    if (schema.type !== undefined) out.push(this.typeTest(schema.type, v, hint));
    if ('const' in schema) out.push(this.constTest(schema.const, v, hint));
    const numeric = this.numberConditions(schema, v, hint);
    if (numeric.length) out.push(this.only(schema, 'number', v, numeric));
    const text = this.stringConditions(schema, v, hint);
    if (text.length) out.push(this.only(schema, 'string', v, text));
    return out;
  }

  /** Conditions of one kind of value hold for values of that kind only; the type may already say it is one. */
  private only(schema: Schema, kind: 'number' | 'string', v: string, conditions: string[]): string {
    if (this.typeIs(schema, kind)) return conditions.join(' && ');
    return `(typeof ${v} !== '${kind}' || (${conditions.join(' && ')}))`;
  }

  /** The same for statements: arrays and objects. */
  private inKind(schema: Schema, kind: 'array' | 'object', v: string, lines: string[]): string[] {
    if (lines.length === 0 || this.typeIs(schema, kind)) return lines;
    return [`if (${kind === 'array' ? `Array.isArray(${v})` : TYPE_TESTS.object(v)}) {`, ...lines.map((l) => `  ${l}`), '}'];
  }

  private typeIs(schema: Schema, kind: string): boolean {
    if (schema.type === undefined) return false;
    const types = this.typeList(schema.type, '');
    return types.length === 1 && (types[0] === kind || (kind === 'number' && types[0] === 'integer'));
  }

  private numberConditions(schema: Schema, v: string, hint: string): string[] {
    const out: string[] = [];
    for (const [k, op] of [['minimum', '>='], ['maximum', '<=']] as const) {
      if (schema[k] === undefined) continue;
      if (typeof schema[k] !== 'number') this.fail(`${k} must be a number`, hint);
      out.push(`${v} ${op} ${schema[k]}`);
    }
    return out;
  }

  private stringConditions(schema: Schema, v: string, hint: string): string[] {
    // `format` is not checked on its own: a format without a pattern that checks it is refused.
    if (schema.format !== undefined && schema.pattern === undefined) this.fail(`format ${String(schema.format)} without a pattern`, hint);
    if (schema.pattern === undefined) return [];
    if (typeof schema.pattern !== 'string') this.fail('pattern must be a string', hint);
    try {
      new RegExp(schema.pattern as string, 'u');
    } catch (err) {
      this.fail(`pattern ${JSON.stringify(schema.pattern)}: ${(err as Error).message}`, hint);
    }
    const known = this.patterns.indexOf(schema.pattern as string);
    const i = known >= 0 ? known : this.patterns.push(schema.pattern as string) - 1;
    return [`pattern${i}.test(${v})`];
  }

  private arrayLines(schema: Schema, v: string, hint: string): string[] {
    if (schema.items === undefined) return [];
    if (!isSchema(schema.items)) this.fail('items must be one schema', hint);
    return [`for (let i = 0; i < ${v}.length; i++) if (${not(this.test(schema.items as Schema, `${v}[i]`, `${hint}[]`))}) return false;`];
  }

  /**
   * Required and known properties, and for a closed object (additionalProperties: false) a count:
   * the known properties present must be all of its own keys.
   */
  private objectLines(schema: Schema, v: string, hint: string): string[] {
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    const required = (schema.required ?? []) as string[];
    const extra = schema.additionalProperties;
    const closed = extra === false;
    if (!(extra === undefined || extra === true || closed || (isSchema(extra) && Object.keys(extra).length === 0))) this.fail('additionalProperties other than false or {}', hint);
    for (const r of required) if (!Object.hasOwn(props, r)) this.fail(`required ${r} is not among the properties`, hint);
    const names = Object.keys(props);
    if (names.length === 0) return closed ? [`if (keyCount(${v}) !== 0) return false;`] : [];
    const out = closed ? ['let y;', 'let n = 0;'] : ['let y;'];
    const counted = closed ? ' n++;' : '';
    for (const p of names) {
      const test = this.test(props[p], 'y', `${hint}.${p}`);
      const read = `(y = ${own(v, p)})`;
      if (required.includes(p)) out.push(`if (${read} === undefined || ${not(test)}) return false;${counted}`);
      else out.push(`if (${read} !== undefined) { if (${not(test)}) return false;${counted} }`);
    }
    if (closed) out.push(`if (keyCount(${v}) !== n) return false;`);
    return out;
  }

  private typeTest(type: unknown, v: string, hint: string): string {
    const tests = this.typeList(type, hint).map((t) => TYPE_TESTS[t](v));
    return tests.length === 1 ? tests[0] : `(${tests.join(' || ')})`;
  }

  private typeList(type: unknown, hint: string): string[] {
    const list = Array.isArray(type) ? type : [type];
    for (const t of list) if (typeof t !== 'string' || !Object.hasOwn(TYPE_TESTS, t)) this.fail(`type ${JSON.stringify(t)}`, hint);
    return list as string[];
  }

  private constTest(value: unknown, v: string, hint: string): string {
    if (value !== null && typeof value === 'object') this.fail('const of an object or array', hint);
    return `${v} === ${JSON.stringify(value)}`;
  }

  private anyOfTest(list: unknown, v: string, hint: string): string {
    if (!Array.isArray(list) || list.length === 0 || !list.every(isSchema)) this.fail('anyOf must be a list of schemas', hint);
    return `(${(list as Schema[]).map((s) => this.test(s, v, hint)).join(' || ')})`;
  }

  private deref(ref: unknown, hint: string): [string, Schema] {
    const m = typeof ref === 'string' ? /^#\/\$defs\/([^/]+)$/.exec(ref) : null;
    const defs = (this.root.$defs ?? {}) as Record<string, Schema>;
    if (!m || !Object.hasOwn(defs, m[1]) || !isSchema(defs[m[1]])) this.fail(`$ref ${String(ref)}`, hint);
    return [m![1], defs[m![1]]];
  }

  private known(keyword: string, hint: string): void {
    if (!CHECKED.has(keyword) && !ANNOTATIONS.has(keyword)) this.fail(`keyword ${keyword}`, hint);
  }

  private fail(what: string, hint: string): never {
    throw new SchemaCompileError(`cannot compile ${what} (at ${hint})`);
  }
}

/** The negation of a generated test, always bracketed: `!typeof y === 'string'` would never fail. */
const not = (test: string): string => `!(${test})`;

const SCALAR = new Set(['type', 'const', 'minimum', 'maximum', 'pattern', 'format', ...ANNOTATIONS]);
const isScalar = (schema: Schema): boolean => Object.keys(schema).every((k) => SCALAR.has(k));

const isSchema = (v: unknown): v is Schema => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An own property's value; names Object.prototype also has (toString, __proto__) are looked up as own. */
function own(v: string, name: string): string {
  if (name in Object.prototype) return `(hasOwn.call(${v}, ${JSON.stringify(name)}) ? ${v}[${JSON.stringify(name)}] : undefined)`;
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${v}.${name}` : `${v}[${JSON.stringify(name)}]`;
}

/**
 * CommonJS source exporting one function per entry (`entries[key]` is a schema inside `root`, whose
 * `$defs` its `$ref`s point into). Throws SchemaCompileError on anything it cannot check exactly.
 */
export function compileSchemaChecks(root: Schema, entries: Record<string, Schema>): string {
  return new Compiler(root).source(entries);
}

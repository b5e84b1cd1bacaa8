/**
 * client/schema.ts's text: the API's route schema (paths, methods, inputs, outputs by status) as
 * plain TypeScript types, printed from what the compiler infers for the app's routes from their
 * zod schemas. The typed client (client/index.ts) is `hc` over this schema, so a frontend compiles
 * it without the Worker's source, its bindings or Cloudflare's types
 * (test/node/client-package.test.ts).
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = `${root}scripts/client-types.source.ts`;
/** Where `npm run client:types` writes the schema. */
export const SCHEMA_FILE = `${root}client/schema.ts`;

/** Type aliases of hono's that are recursive (JSON values): imported, not expanded. */
const HONO_UTILS = 'hono/utils/types';
const HONO_ALIASES = new Set(['JSONValue', 'JSONObject', 'JSONArray', 'JSONPrimitive']);

const HEADER = `/**
 * The API's routes as types: for each path and method, the request's inputs and the responses by
 * status. Generated from the route declarations by \`npm run client:types\`; do not edit.
 */
`;

export function schemaText(): string {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    `${root}tsconfig.json`,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('tsconfig.json did not parse');
  const program = ts.createProgram({ rootNames: [source], options: parsed.options });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(source);
  const moduleSymbol = file && checker.getSymbolAtLocation(file);
  const alias =
    moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === 'AppSchema');
  if (!alias) throw new Error(`${source} exports no AppSchema`);
  const problems = file ? program.getSemanticDiagnostics(file) : [];
  if (problems.length) {
    const text = problems.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    throw new Error(`${source}: ${text.join('; ')}`);
  }
  const schema = checker.getDeclaredTypeOfSymbol(alias);
  if (schema.flags & (ts.TypeFlags.Never | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
    throw new Error(`AppSchema is ${checker.typeToString(schema)}: AppType is not a Hono app`);
  }
  const printer = new TypePrinter(checker);
  const body = printer.print(schema, 0);
  const imports = [...printer.honoAliases].sort();
  const importLine = imports.length
    ? `import type { ${imports.join(', ')} } from '${HONO_UTILS}';\n\n`
    : '';
  return `${HEADER}${importLine}export type ApiSchema = ${body};\n`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

class TypePrinter {
  readonly honoAliases = new Set<string>();
  private readonly active = new Set<ts.Type>();

  constructor(private readonly checker: ts.TypeChecker) {}

  print(type: ts.Type, depth: number): string {
    const aliasName = type.aliasSymbol?.name;
    if (aliasName && HONO_ALIASES.has(aliasName) && !type.aliasTypeArguments) {
      this.honoAliases.add(aliasName);
      return aliasName;
    }
    const f = type.flags;
    if (f & ts.TypeFlags.String) return 'string';
    if (f & ts.TypeFlags.Number) return 'number';
    if (f & ts.TypeFlags.Boolean) return 'boolean';
    if (f & ts.TypeFlags.BigInt) return 'bigint';
    if (f & ts.TypeFlags.Null) return 'null';
    if (f & ts.TypeFlags.Undefined) return 'undefined';
    if (f & ts.TypeFlags.Void) return 'void';
    if (f & ts.TypeFlags.Never) return 'never';
    if (f & ts.TypeFlags.Unknown) return 'unknown';
    if (f & ts.TypeFlags.Any) return 'any';
    if (f & ts.TypeFlags.StringLiteral) return JSON.stringify((type as ts.StringLiteralType).value);
    if (f & ts.TypeFlags.NumberLiteral) return String((type as ts.NumberLiteralType).value);
    if (f & ts.TypeFlags.BooleanLiteral) return this.checker.typeToString(type);
    if (this.active.has(type)) {
      throw new Error(`recursive type: ${this.checker.typeToString(type)}`);
    }
    this.active.add(type);
    try {
      return this.compound(type, depth);
    } finally {
      this.active.delete(type);
    }
  }

  private compound(type: ts.Type, depth: number): string {
    if (type.isUnion()) return this.union(type.types, depth);
    if (type.isIntersection()) {
      return type.types.map((t) => this.wrap(t, depth)).join(' & ');
    }
    if (this.checker.isArrayType(type)) {
      const [element] = this.checker.getTypeArguments(type as ts.TypeReference);
      if (!element) throw new Error('array without an element type');
      return `${this.wrap(element, depth)}[]`;
    }
    if (this.checker.isTupleType(type)) {
      const elements = this.checker.getTypeArguments(type as ts.TypeReference);
      return `[${elements.map((t) => this.print(t, depth)).join(', ')}]`;
    }
    if (type.flags & ts.TypeFlags.Object) return this.object(type, depth);
    throw new Error(`cannot print ${this.checker.typeToString(type)}`);
  }

  private union(members: readonly ts.Type[], depth: number): string {
    // `boolean` is `false | true` to the checker: print it back as one word.
    const parts = members.map((t) => this.print(t, depth));
    const bools = ['false', 'true'].every((b) => parts.includes(b));
    const rest = bools ? parts.filter((p) => p !== 'false' && p !== 'true') : parts;
    return [...rest, ...(bools ? ['boolean'] : [])].join(' | ');
  }

  private withoutUndefined(union: ts.UnionType, depth: number): string {
    const defined = union.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
    return defined.length === 1 ? this.print(defined[0]!, depth) : this.union(defined, depth);
  }

  /** A union or intersection inside `&` or before `[]` needs parentheses. */
  private wrap(type: ts.Type, depth: number): string {
    const text = this.print(type, depth);
    return type.isUnion() && !/^(boolean|true|false)$/.test(text) ? `(${text})` : text;
  }

  private object(type: ts.Type, depth: number): string {
    if (type.getCallSignatures().length || type.getConstructSignatures().length) {
      throw new Error(`functions are not data: ${this.checker.typeToString(type)}`);
    }
    const pad = '  '.repeat(depth + 1);
    const block = (lines: string[]) => `{\n${lines.join('\n')}\n${'  '.repeat(depth)}}`;
    const indexes = this.checker.getIndexInfosOfType(type).map((info) => {
      const key = this.print(info.keyType, depth + 1);
      return `${pad}[key: ${key}]: ${this.print(info.type, depth + 1)};`;
    });
    const lines: string[] = [];
    for (const property of this.checker.getPropertiesOfType(type)) {
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      const name = IDENTIFIER.test(property.name) ? property.name : JSON.stringify(property.name);
      const value = this.checker.getTypeOfSymbol(property);
      // `key?: T`, not `key?: T | undefined`: the same to a reader, and what an index signature
      // beside it (`[key: string]: JSONValue`) accepts.
      const shown = optional && value.isUnion() ? this.withoutUndefined(value, depth + 1) : null;
      lines.push(`${pad}${name}${optional ? '?' : ''}: ${shown ?? this.print(value, depth + 1)};`);
    }
    // Properties beside an index signature go in their own object: written in one, an optional
    // property's `undefined` would have to fit the index signature's type (zod's catchall does
    // not ask that of it).
    if (indexes.length && lines.length) return `${block(indexes)} & ${block(lines)}`;
    if (indexes.length || lines.length) return block([...indexes, ...lines]);
    return '{}';
  }
}

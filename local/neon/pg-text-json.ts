/**
 * Neon's conversion of PostgreSQL text output to JSON when `Neon-Raw-Text-Output` is not `true`
 * (proxy/src/serverless/json.rs). The driver always asks for raw text, so this only serves other
 * clients; it is here so such requests get Neon's shapes rather than silently raw strings.
 *
 * bool → true/false; int2/int4 → numbers; float4/float8 → numbers (NaN/±Infinity stay strings);
 * json/jsonb → embedded JSON; arrays → JSON arrays, recursively; everything else stays a string
 * (int8, numeric, dates, bytea…). Neon learns array element types from the server; this module
 * knows the built-in array types only, so arrays of enums or domains stay raw strings here.
 */
import type { PgText } from './types';

const BOOL = 16;
const INT2 = 21;
const INT4 = 23;
const FLOAT4 = 700;
const FLOAT8 = 701;
const JSON_OID = 114;
const JSONB = 3802;

/** Built-in array type OID → element type OID (pg_type.typarray of the common types). */
const ARRAY_ELEMENT: ReadonlyMap<number, number> = new Map([
  [1000, BOOL],
  [1001, 17], // bytea
  [1002, 18], // char
  [1003, 19], // name
  [1005, INT2],
  [1007, INT4],
  [1009, 25], // text
  [1014, 1042], // bpchar
  [1015, 1043], // varchar
  [1016, 20], // int8
  [1021, FLOAT4],
  [1022, FLOAT8],
  [1028, 26], // oid
  [1040, 829], // macaddr
  [1041, 869], // inet
  [651, 650], // cidr
  [1115, 1114], // timestamp
  [1182, 1082], // date
  [1183, 1083], // time
  [1185, 1184], // timestamptz
  [1187, 1186], // interval
  [1231, 1700], // numeric
  [1270, 1266], // timetz
  [2951, 2950], // uuid
  [199, JSON_OID],
  [3807, JSONB],
  [143, 142], // xml
  [791, 790], // money
  [1561, 1560], // bit
  [1563, 1562], // varbit
]);

export function pgTextToJson(value: PgText, typeOid: number): unknown {
  if (value === null) return null;
  const element = ARRAY_ELEMENT.get(typeOid);
  if (element !== undefined) return parsePgArray(value, element);
  return scalarToJson(value, typeOid);
}

function scalarToJson(value: string, typeOid: number): unknown {
  switch (typeOid) {
    case BOOL:
      return value === 't';
    case INT2:
    case INT4:
      return Number.parseInt(value, 10);
    case FLOAT4:
    case FLOAT8: {
      const n = Number(value);
      return Number.isFinite(n) ? n : value;
    }
    case JSON_OID:
    case JSONB:
      return JSON.parse(value);
    default:
      return value;
  }
}

/** Parse an array literal such as `{1,NULL,"a\"b",{2,3}}` (optionally `[1:2]={…}`). */
function parsePgArray(literal: string, element: number): unknown[] {
  let text = literal;
  // Bounds decoration carries no JSON meaning; Neon drops it too.
  if (text.startsWith('[')) text = text.slice(text.indexOf('=') + 1);
  let i = 0;

  const parseList = (): unknown[] => {
    if (text[i] !== '{') throw new Error('unbalanced array');
    i++;
    const out: unknown[] = [];
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      while (text[i] === ' ') i++;
      if (text[i] === '{') {
        out.push(parseList());
      } else if (text[i] === '"') {
        i++;
        let item = '';
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\') i++;
          item += text[i] ?? '';
          i++;
        }
        i++; // closing quote
        out.push(scalarToJson(item, element));
      } else {
        let end = i;
        while (end < text.length && text[end] !== ',' && text[end] !== '}') end++;
        const item = text.slice(i, end).trim();
        i = end;
        out.push(item === 'NULL' ? null : scalarToJson(item, element));
      }
      while (text[i] === ' ') i++;
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return out;
      }
      throw new Error('unbalanced array');
    }
  };

  return parseList();
}

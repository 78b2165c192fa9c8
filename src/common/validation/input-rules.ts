import { DECORATORS } from '@nestjs/swagger';
import type { FieldError } from '../problem/problem';

/**
 * Rules every input obeys, whatever its DTO says, so a new field is covered without anyone
 * remembering to: text PostgreSQL can store, no null where the API does not declare null, and
 * integers a PostgreSQL `integer` holds. The global InputValidationPipe applies them to every
 * body, query and path parameter; validateInput() to bodies built by hand (page forms, upload fields).
 */

/** Largest value of a PostgreSQL `integer`; every integer the API takes fits one. */
export const MAX_INPUT_INTEGER = 2_147_483_647;

/** NUL (PostgreSQL text and jsonb refuse it) and unpaired UTF-16 surrogates (not encodable as UTF-8: they would be stored as U+FFFD). */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const describeUnstorable = (text: string): string =>
  text.includes('\u0000') ? 'must not contain a NUL character (\\u0000)' : 'must not contain an unpaired UTF-16 surrogate (invalid Unicode)';

const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);

type Constructor = abstract new (...args: never[]) => unknown;
const BUILT_IN = new Set<unknown>([Object, Array, String, Number, Boolean, Date]);

/** A DTO class (not a built-in), or undefined. */
function dtoClass(type: unknown): Constructor | undefined {
  return typeof type === 'function' && !BUILT_IN.has(type) && type.prototype !== undefined ? (type as Constructor) : undefined;
}

interface ApiPropertyMetadata {
  nullable?: boolean;
  type?: unknown;
}

function propertyMetadata(dto: Constructor | undefined, key: string): ApiPropertyMetadata | undefined {
  if (!dto) return undefined;
  return Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, dto.prototype as object, key) as ApiPropertyMetadata | undefined;
}

/** The DTO class of a nested property, from its @ApiProperty type (a class, [class] or () => class). */
function nestedClass(meta: ApiPropertyMetadata | undefined): Constructor | undefined {
  let type = Array.isArray(meta?.type) ? (meta?.type as unknown[])[0] : meta?.type;
  if (typeof type === 'function' && type.prototype === undefined) type = (type as () => unknown)();
  return dtoClass(type);
}

/**
 * Before validation: every string (and object key) storable, and null only where the DTO's
 * @ApiProperty says `nullable: true` (what the OpenAPI document promises). Untyped containers
 * (a map of notes, say) take no nulls.
 */
export function rawInputErrors(value: unknown, type: unknown, path = ''): FieldError[] {
  const errors: FieldError[] = [];
  walk(value, dtoClass(type), path, errors, 0);
  return errors;
}

function walk(value: unknown, dto: Constructor | undefined, path: string, errors: FieldError[], depth: number): void {
  if (depth > 64) return; // bodies are refused past 32 levels before this; a guard for hand-built input
  if (typeof value === 'string') {
    if (UNSTORABLE_TEXT.test(value)) errors.push({ field: path || 'value', message: `${path || 'value'} ${describeUnstorable(value)}` });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const itemPath = join(path, index);
      if (item === null) errors.push({ field: itemPath, message: `${itemPath} must not be null` });
      else walk(item, dto, itemPath, errors, depth + 1);
    });
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = join(path, key);
    if (UNSTORABLE_TEXT.test(key)) {
      errors.push({ field: itemPath, message: `the field name ${JSON.stringify(key)} ${describeUnstorable(key)}` });
      continue;
    }
    const meta = propertyMetadata(dto, key);
    if (item === null) {
      if (meta?.nullable !== true) errors.push({ field: itemPath, message: `${itemPath} must not be null` });
      continue;
    }
    walk(item, nestedClass(meta), itemPath, errors, depth + 1);
  }
}

/** After transformation: every number a PostgreSQL integer can hold (a query's offset included). */
export function numberRangeErrors(value: unknown, path = ''): FieldError[] {
  const errors: FieldError[] = [];
  walkNumbers(value, path, errors, 0);
  return errors;
}

function walkNumbers(value: unknown, path: string, errors: FieldError[], depth: number): void {
  if (depth > 64) return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || Math.abs(value) > MAX_INPUT_INTEGER) {
      const field = path || 'value';
      errors.push({ field, message: `${field} must be between -${MAX_INPUT_INTEGER} and ${MAX_INPUT_INTEGER}` });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => walkNumbers(item, join(path, index), errors, depth + 1));
    return;
  }
  if (typeof value !== 'object' || value === null || value instanceof Date) return;
  for (const [key, item] of Object.entries(value)) walkNumbers(item, join(path, key), errors, depth + 1);
}

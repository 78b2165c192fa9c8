/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): one exact text for a JSON value, so its SHA-256
 * can be recomputed by anyone from the text alone.
 *
 * - objects: members sorted by their names' UTF-16 code units (JavaScript's default string order),
 *   no whitespace; a member whose value is `undefined` is left out (as `JSON.stringify` does);
 * - numbers: ECMAScript's shortest round-trip form (`Number.prototype.toString`), `-0` as `0`;
 *   NaN and the infinities are refused;
 * - strings: `JSON.stringify`'s escaping (the short forms \b \t \n \f \r \" \\, other controls as
 *   \u00xx in lower case, everything else as is); a lone surrogate is refused (I-JSON);
 * - `toJSON` is honoured (a Date becomes its ISO string), as `JSON.stringify` does.
 */
export class CanonicalJsonError extends Error {}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function serializeString(value: string): string {
  if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError('a string holds a lone surrogate, which I-JSON (RFC 7493) does not allow');
  return JSON.stringify(value);
}

function serializeNumber(value: number): string {
  if (!Number.isFinite(value)) throw new CanonicalJsonError(`${value} is not a JSON number`);
  return Object.is(value, -0) ? '0' : String(value);
}

function serialize(value: unknown, path: string, seen: Set<object>): string {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return serializeNumber(value);
    case 'string':
      return serializeString(value);
    case 'object': {
      if (seen.has(value)) throw new CanonicalJsonError(`${path} refers to itself`);
      seen.add(value);
      let text: string;
      if (Array.isArray(value)) {
        text = `[${value.map((item, i) => (item === undefined ? 'null' : serialize(item, `${path}[${i}]`, seen))).join(',')}]`;
      } else {
        const record = value as Record<string, unknown>;
        const names = Object.keys(record)
          .filter((name) => record[name] !== undefined)
          .sort();
        text = `{${names.map((name) => `${serializeString(name)}:${serialize(record[name], `${path}.${name}`, seen)}`).join(',')}}`;
      }
      seen.delete(value);
      return text;
    }
    default:
      throw new CanonicalJsonError(`${path} is a ${typeof value}, which JSON cannot hold`);
  }
}

/** The RFC 8785 canonical text of a JSON value. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) throw new CanonicalJsonError('undefined is not a JSON value');
  return serialize(value, '$', new Set());
}

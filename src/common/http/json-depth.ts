/** Deepest nesting of arrays and objects a JSON request body may have. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * True when the JSON text nests arrays and objects deeper than `maxDepth`. One pass over the raw
 * bytes, stopping at the first level too deep, so a hostile body costs microseconds per KB and
 * never reaches JSON.parse, class-transformer or validation. Brackets inside strings do not count.
 * (UTF-8 multi-byte sequences never contain these ASCII bytes, so scanning bytes is exact.)
 */
export function exceedsJsonDepth(body: Uint8Array, maxDepth = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/** Thrown from the JSON body parser's verify hook; body-parser keeps the status and the type. */
export class JsonTooDeepError extends Error {
  readonly status = 400;
  readonly type = 'entity.too.deep';

  constructor(readonly maxDepth: number) {
    super(`The JSON body nests arrays or objects more than ${maxDepth} levels deep.`);
  }
}

/** body-parser `verify` hook: refuses a too deeply nested body before it is parsed. */
export function verifyJsonDepth(maxDepth = MAX_JSON_DEPTH) {
  return (_request: unknown, _response: unknown, body: Buffer): void => {
    if (exceedsJsonDepth(body, maxDepth)) throw new JsonTooDeepError(maxDepth);
  };
}

/**
 * Limits on the shape of a JSON request body, checked right after parsing, before any validator
 * walks it. The validators recurse (thousands of levels overflow the stack: a 500) and copy
 * objects field by field in quadratic time (an object with 400,000 fields held the event loop
 * for over a minute), so bodies no client of this API needs are refused with a 400 up front.
 */
export const JSON_BODY_LIMITS = {
  /** Levels of nested objects and arrays; the API's own bodies need 4. */
  depth: 32,
  /** Fields in one object; a prospect from another provider may carry around a hundred. */
  fieldsPerObject: 200,
  /** Values (objects, arrays, strings, numbers...) in the whole body: 1,000 items of 250. */
  values: 250_000,
};

/** A `\uD800`–`\uDFFF` escape: the only way an unpaired surrogate gets into a UTF-8 body. */
const SURROGATE_ESCAPE = /\\u[dD][89abcdefABCDEF]/;

/** A high surrogate without its low one, or a low one without its high one. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What is wrong with a parsed JSON body (`text` is its source), or undefined when it is within the
 * limits. Walks the value with its own stack, so any depth is safe to inspect.
 */
export function jsonBodyProblem(value: unknown, text: string): string | undefined {
  const checkStrings = SURROGATE_ESCAPE.test(text);
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let values = 0;
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (++values > JSON_BODY_LIMITS.values) {
      return `The request body holds more than ${JSON_BODY_LIMITS.values.toLocaleString('en-US')} values.`;
    }
    if (typeof current === 'string') {
      if (checkStrings && UNPAIRED_SURROGATE.test(current)) return NOT_UNICODE;
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= JSON_BODY_LIMITS.depth) {
      return `The request body is nested more than ${JSON_BODY_LIMITS.depth} levels deep.`;
    }
    const children = Array.isArray(current) ? current : Object.values(current);
    if (!Array.isArray(current)) {
      const keys = Object.keys(current);
      if (keys.length > JSON_BODY_LIMITS.fieldsPerObject) {
        return `An object in the request body has more than ${JSON_BODY_LIMITS.fieldsPerObject} fields.`;
      }
      if (checkStrings && keys.some((key) => UNPAIRED_SURROGATE.test(key))) return NOT_UNICODE;
    }
    for (const child of children) pending.push({ value: child, depth: depth + 1 });
  }
  return undefined;
}

const NOT_UNICODE =
  'The request body contains a string that is not valid Unicode (an unpaired surrogate escape such as \\ud800).';

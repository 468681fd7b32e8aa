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
 * limits. Walks the value with its own stack, so any depth is safe to inspect; only objects and
 * arrays go on the stack (a save of 1,000 prospects holds ~20,000 values, most of them strings).
 */
export function jsonBodyProblem(value: unknown, text: string): string | undefined {
  const checkStrings = SURROGATE_ESCAPE.test(text);
  const containers: object[] = [];
  const depths: number[] = [];
  let values = 0;
  /** Counts a value at `depth`, checks a string, keeps an object or array to walk. */
  const visit = (item: unknown, depth: number): string | undefined => {
    if (++values > JSON_BODY_LIMITS.values) {
      return `The request body holds more than ${JSON_BODY_LIMITS.values.toLocaleString('en-US')} values.`;
    }
    if (typeof item === 'string') {
      return checkStrings && UNPAIRED_SURROGATE.test(item) ? NOT_UNICODE : undefined;
    }
    if (item === null || typeof item !== 'object') return undefined;
    if (depth >= JSON_BODY_LIMITS.depth) {
      return `The request body is nested more than ${JSON_BODY_LIMITS.depth} levels deep.`;
    }
    containers.push(item);
    depths.push(depth);
    return undefined;
  };
  let problem = visit(value, 0);
  while (problem === undefined && containers.length > 0) {
    const container = containers.pop()!;
    const depth = depths.pop()! + 1;
    if (Array.isArray(container)) {
      for (let i = 0; i < container.length && problem === undefined; i++) {
        problem = visit(container[i], depth);
      }
      continue;
    }
    const keys = Object.keys(container);
    if (keys.length > JSON_BODY_LIMITS.fieldsPerObject) {
      return `An object in the request body has more than ${JSON_BODY_LIMITS.fieldsPerObject} fields.`;
    }
    for (const key of keys) {
      if (checkStrings && UNPAIRED_SURROGATE.test(key)) return NOT_UNICODE;
      problem = visit((container as Record<string, unknown>)[key], depth);
      if (problem !== undefined) break;
    }
  }
  return problem;
}

const NOT_UNICODE =
  'The request body contains a string that is not valid Unicode (an unpaired surrogate escape such as \\ud800).';

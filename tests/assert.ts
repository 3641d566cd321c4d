// Test assertions (Deno's @std/assert is on jsr.io, which is unreachable): thin names over
// node:assert/strict, which Deno ships.

import nodeAssert from "node:assert/strict";

export function assert(value: unknown, message?: string): asserts value {
  nodeAssert.ok(value, message);
}

export function assertEquals<T>(actual: unknown, expected: T, message?: string): void {
  nodeAssert.deepStrictEqual(actual, expected, message);
}

export function assertNotEquals(actual: unknown, expected: unknown, message?: string): void {
  nodeAssert.notDeepStrictEqual(actual, expected, message);
}

export function assertStringIncludes(actual: string, expected: string, message?: string): void {
  if (!actual.includes(expected)) {
    throw new nodeAssert.AssertionError({
      message: message ?? `Expected text to include ${JSON.stringify(expected)}:\n${actual}`,
      actual,
      expected,
    });
  }
}

export function assertMatch(actual: string, pattern: RegExp, message?: string): void {
  nodeAssert.match(actual, pattern, message);
}

/** Asserts `fn` throws an instance of `type`; returns it for further checks. */
export function assertThrows<E extends Error>(
  fn: () => unknown,
  // deno-lint-ignore no-explicit-any
  type: new (...args: any[]) => E,
  includes?: string,
): E {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof type)) throw e;
    if (includes !== undefined) assertStringIncludes(e.message, includes);
    return e;
  }
  throw new nodeAssert.AssertionError({ message: `Expected ${type.name} to be thrown` });
}

/** Asserts the promise rejects with an instance of `type`; returns the error. */
export async function assertRejects<E extends Error>(
  fn: () => Promise<unknown>,
  // deno-lint-ignore no-explicit-any
  type: new (...args: any[]) => E,
  includes?: string,
): Promise<E> {
  try {
    await fn();
  } catch (e) {
    if (!(e instanceof type)) throw e;
    if (includes !== undefined) assertStringIncludes(e.message, includes);
    return e;
  }
  throw new nodeAssert.AssertionError({ message: `Expected ${type.name} to be rejected` });
}

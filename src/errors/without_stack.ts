// Runs a synchronous call whose failure is an expected answer ("not there"), not a fault: an Error
// built meanwhile skips capturing a stack trace. Deno builds a NotFound with the caller's stack
// (~3.5 KB and half the call's ~15 us); polling sysfs and probing tty names met thousands a
// second at 128 sticks (bench/run_fleet_bench.ts). The limit is restored before anything else
// runs: the call is synchronous.

/** `call()`, with any Error it builds left without a stack trace. */
export function withoutStack<T>(call: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return call();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

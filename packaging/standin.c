/* Stand-in for the stickmode binary in tests/packaging: `deno compile` cannot download its
 * runtime in the test environment, so the package is built around this ELF instead, and its man
 * page and completions come from `deno run main.ts`. It only says what it is. */
#include <stdio.h>

int main(void) {
  fputs("stickmode stand-in: the test package's binary, not stickmode\n", stderr);
  return 1;
}

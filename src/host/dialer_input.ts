// Pure: no I/O. The checks of a render input that depend on each stick's dialer kind: the ports
// its layout must give, what its name must fit, and the route metrics and tables no two sticks
// whose files carry them may share. Kept apart from host_input.ts, which every renderer (the
// dialers' own among them) imports: this one reads the dialer registry.

import { dialerFor } from "./dialers/mod.ts";
import { fail } from "./host_input.ts";
import type { HostStick } from "./host_stick.ts";

const U32_MAX = 0xffff_ffff;
// Tables the kernel reserves: unspec (0), default (253), main (254), local (255).
const RESERVED_TABLES = [0, 253, 254, 255];
const PORT_WORDS = { modem: "modem", at: "AT (PCUI)", ncm: "NCM" } as const;

/**
 * What each stick's dialer kind needs of it; renderHostArtifacts calls it once per render, after
 * checkHostInput.
 *
 * @throws {InvalidHostInputError} Naming the stick and what its dialer cannot use.
 */
export function checkDialerInput(sticks: readonly HostStick[]): void {
  const routes = { metric: new Map<number, string>(), table: new Map<number, string>() };
  for (const stick of sticks) checkForDialer(stick, routes);
}

/** What the stick's dialer kind needs of it; `routes` holds the metrics and tables of the sticks
 * checked before it whose dialer writes routes, which no two may share. */
function checkForDialer(
  stick: HostStick,
  routes: { metric: Map<number, string>; table: Map<number, string> },
): void {
  const s = `stick "${stick.name}"`;
  const dialer = dialerFor(stick.dialerKind);
  const nameProblem = dialer.nameProblem(stick.name);
  if (nameProblem !== null) fail(`Cannot use stick name "${stick.name}": ${nameProblem}`);
  const ports = { modem: stick.modemInterface, at: stick.atInterface, ncm: stick.ncmInterface };
  const missing = dialer.ports.filter((role) => ports[role] === null);
  if (missing.length > 0) {
    fail(
      `Cannot use ${s} with the ${dialer.kind} dialer: its port layout has no ` +
        `${missing.map((role) => PORT_WORDS[role]).join(" and ")} port`,
    );
  }
  if (!dialer.routes) return;
  const { metric, table } = stick.routing;
  if (!Number.isSafeInteger(metric) || metric < 0 || metric > U32_MAX) {
    fail(`Cannot use route metric "${metric}" of ${s}: expected a whole number 0-${U32_MAX}`);
  }
  if (table !== null) {
    if (!Number.isSafeInteger(table) || table < 1 || table > U32_MAX) {
      fail(`Cannot use routing table "${table}" of ${s}: expected a whole number 1-${U32_MAX}`);
    }
    if (RESERVED_TABLES.includes(table)) {
      fail(`Cannot use routing table "${table}" of ${s}: the kernel reserves it`);
    }
  }
  for (const [what, value] of [["route metric", metric], ["routing table", table]] as const) {
    if (value === null) continue;
    const seen = what === "route metric" ? routes.metric : routes.table;
    const other = seen.get(value);
    if (other !== undefined) {
      fail(
        `Cannot use the fleet: ${what} "${value}" is used by sticks "${other}" and "${stick.name}"`,
      );
    }
    seen.set(value, stick.name);
  }
}

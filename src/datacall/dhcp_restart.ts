// When a call comes up, the host's DHCP client on the stick's interface may be deep in its
// back-off: huawei_cdc_ncm keeps the carrier whatever the call does, so networkd started DHCP at
// plug time and, unanswered, retries after 2, 4 ... 64 s (RFC 2131's schedule); after a re-dial
// its lease may name an address the stick no longer routes. `networkctl reconfigure` starts the
// link's configuration again at once: measured here, an address 0.27 s after the call instead of
// up to a minute (docs/data-call.md#dhcp-after-the-call). Hosts without networkd: a note, once.

import { runHostCommand } from "../host/host_command.ts";
import { log } from "../log/logger.ts";

/** Bound on one networkctl call. */
const NETWORKCTL_TIMEOUT_MS = 5000;

/** Asks networkd to configure `ifname` again; a missing or failing networkctl is logged, never
 * thrown (the call itself is up). Returns whether networkd took it. */
export async function restartDhcp(stick: string, ifname: string): Promise<boolean> {
  const argv = ["networkctl", "reconfigure", ifname];
  const r = await runHostCommand(argv, NETWORKCTL_TIMEOUT_MS);
  if (r.kind === "exited" && r.code === 0) {
    log.info("Asked networkd to configure the interface again", { stick, interface: ifname });
    return true;
  }
  const why = r.kind === "not-installed"
    ? "networkctl is not installed"
    : r.kind === "timed-out"
    ? `timed out after ${NETWORKCTL_TIMEOUT_MS} ms`
    : `exited ${r.code}${r.stderr ? `: ${r.stderr}` : ""}`;
  log.warn(`Cannot run "${argv.join(" ")}" for stick "${stick}": ${why}`);
  return false;
}

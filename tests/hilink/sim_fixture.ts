// Shared set-up for client tests: a simulated E3372 HiLink stick on loopback, and the transports
// the client can use (fetch, our HTTP over a libc socket, the same bound to "lo").

import { HilinkClient, type HilinkClientOptions } from "../../src/hilink/client.ts";
import { configureLogger } from "../../src/log/logger.ts";
import { fdTransport, fetchTransport, type HttpTransport } from "../../src/net/http_transport.ts";
import {
  type HilinkSimDevice,
  type HilinkSimOptions,
  HilinkSimServer,
} from "../../src/sim/hilink_server.ts";

/** The T10 stick: E3372 on HiLink firmware 22.333.01.00.00, no SIM. */
export const E3372_HILINK: HilinkSimDevice = {
  model: "E3372",
  firmware: "22.333.01.00.00",
  imei: "866850029360451",
  iccid: "",
  classify: "hilink",
};

export const TRANSPORTS: [string, () => HttpTransport][] = [
  ["fetch", fetchTransport],
  ["fd", () => fdTransport(null)],
  ["fd bound to lo", () => fdTransport("lo")],
];

export async function withSim(
  options: Partial<HilinkSimOptions>,
  fn: (sim: HilinkSimServer, client: (o?: HilinkClientOptions) => HilinkClient) => Promise<void>,
): Promise<void> {
  const sim = HilinkSimServer.start({ device: E3372_HILINK, ...options });
  const client = (o: HilinkClientOptions = {}) =>
    new HilinkClient({ baseUrl: sim.url, stick: "1-3", timeoutMs: 2000, ...o });
  try {
    await fn(sim, client);
  } finally {
    await sim.close();
  }
}

/** Runs `fn` with every log line (debug included) captured, then restores the logger. */
export async function captureLogs(fn: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  configureLogger({ level: "debug", sink: (line) => lines.push(line) });
  try {
    await fn();
  } finally {
    configureLogger({ level: "info", sink: (line) => console.error(line) });
  }
  return lines;
}

/** POST api/device/mode "project mode" (0): a writing endpoint stickmode itself never uses. */
export function projectMode(client: HilinkClient): Promise<unknown> {
  return client.connection.post("api/device/mode", { mode: 0 });
}

/** The client's own reboot (POST api/device/control, Control 1): the volatile path's step. */
export function reboot(client: HilinkClient): Promise<unknown> {
  return client.reboot();
}

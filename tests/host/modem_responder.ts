// A minimal modem on the master side of a pty (docs/host.md#validators): logs each command line,
// answers OK to AT..., CONNECT to ATD..., ERROR when the line contains `errorOn`. The dialer under
// test (chat, pppd) opens the slave path like a ttyUSB.

import { openPty } from "../../src/sim/pty.ts";

export interface ModemResponder {
  slavePath: string;
  /** Command lines received, in order, without the CR. */
  received: string[];
  stop(): Promise<void>;
}

export function startModemResponder(
  options: { errorOn?: string; dialReply?: string } = {},
): ModemResponder {
  const pty = openPty("test modem");
  const received: string[] = [];
  let running = true;
  const encoder = new TextEncoder();
  const loop = (async () => {
    let pending = "";
    while (running) {
      const result = await pty.master.read(100);
      if (result.kind !== "data") {
        // "hangup": no client has the slave open (yet, or any more); keep serving.
        if (result.kind === "hangup") await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      pending += new TextDecoder().decode(result.bytes);
      let cr: number;
      while ((cr = pending.search(/[\r\n]/)) >= 0) {
        const line = pending.slice(0, cr).trim();
        pending = pending.slice(cr + 1);
        if (line === "") continue;
        received.push(line);
        await pty.master.writeAll(encoder.encode(`\r\n${reply(line, options)}\r\n`), 1000);
      }
    }
  })();
  return {
    slavePath: pty.slavePath,
    received,
    async stop() {
      running = false;
      await loop;
      pty.master.close();
    },
  };
}

function reply(line: string, options: { errorOn?: string; dialReply?: string }): string {
  if (options.errorOn !== undefined && line.includes(options.errorOn)) return "ERROR";
  if (/^ATD/i.test(line)) return options.dialReply ?? "CONNECT 150000000";
  return /^AT/i.test(line) ? "OK" : "ERROR";
}

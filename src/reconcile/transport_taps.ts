// Pure: no I/O. The one injection point into a run's observation: a wrapper for every AT port
// and HiLink transport a run opens, keyed by the stick. `stickmode capture` records through it
// (src/capture); plan and apply run without one.

import type { AtTransport } from "../at/line_reader.ts";
import type { HttpTransport } from "../net/http_transport.ts";

/** Wrappers for what a run opens on a stick: each AT port, each HiLink transport. */
export interface TransportTaps {
  /** Wraps an AT port of the stick on `portPath`. */
  at(port: AtTransport, portPath: string): AtTransport;
  /** Wraps the HiLink transport of the stick on `portPath`. */
  http(transport: HttpTransport, portPath: string): HttpTransport;
}

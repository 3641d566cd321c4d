// Pure: no I/O. The one error the network layer throws: which step failed, towards where, and why.
// Callers (the HiLink client) turn it into a message that names the stick and the endpoint.

/** Why a request failed, for callers that react to the kind. */
export type NetFailure =
  | "timeout" // the deadline passed (connect, send or receive)
  | "refused" // nobody listens: ECONNREFUSED
  | "unreachable" // no route, no interface, reset, or the peer closed too early
  | "protocol" // the peer answered something that is not HTTP/1.x
  | "too-large"; // the body passed MAX_BODY_BYTES

/** The step of a request that failed. */
export type NetStep = "connect" | "send" | "receive";

/** A failed network step: which step, towards where, why (`Cannot connect to "127.0.0.1:80":
 * ...`). */
export class NetError extends Error {
  override name = "NetError";
  constructor(
    readonly failure: NetFailure,
    readonly step: NetStep,
    /** "127.0.0.1:8080", plus ` via "eth1"` when bound to an interface. */
    readonly target: string,
    readonly detail: string,
    /** The deadline that passed, for "timeout". */
    readonly timeoutMs: number | null = null,
  ) {
    super(
      `Cannot ${step} ${
        step === "connect" ? "to" : step === "send" ? "to" : "from"
      } ${target}: ${detail}`,
    );
  }
}

/** `"host:port"`, plus ` via "eth1"` when bound to an interface: how messages name the other end.
 */
export function describeEndpoint(host: string, port: number, interfaceName: string | null): string {
  return `"${host}:${port}"${interfaceName === null ? "" : ` via "${interfaceName}"`}`;
}

// A TCP connection made through libc so the socket can be bound to one network interface
// (SO_BINDTODEVICE): two HiLink sticks both at 192.168.8.1 are told apart by interface, not by
// address (docs/domain.md#several-hilink-sticks-on-one-host). Non-blocking connect, bounded by a
// deadline: connect() -> EINPROGRESS -> poll(POLLOUT) -> getsockopt(SO_ERROR).

import { EINPROGRESS, EINTR, ENOTCONN, errnoName, ETIMEDOUT } from "../ffi/errno.ts";
import { FdStream } from "../ffi/fd_stream.ts";
import { cString, lastErrno, libc, POLLERR, POLLHUP, POLLNVAL, POLLOUT } from "../ffi/libc.ts";
import { poller } from "../ffi/poller.ts";
import { describeEndpoint, NetError } from "./net_error.ts";
import { AF_INET, SOCKADDR_IN_SIZE, sockaddrIn } from "./sockaddr.ts";

// Linux generic socket constants (identical on x86_64 and aarch64).
const SOCK_STREAM = 1;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const SOL_SOCKET = 1;
const SO_ERROR = 4;
const SO_BINDTODEVICE = 25;
const ECONNREFUSED = 111;
const ENODEV = 19;
const EPERM = 1;

/** Where and by when connectTcp() connects. */
export interface ConnectTcpOptions {
  host: string;
  port: number;
  /** Bind the socket to this interface before connecting; null for the routing table's choice. */
  interfaceName: string | null;
  /** performance.now() value after which the attempt is abandoned. */
  deadline: number;
  timeoutMs: number;
}

/** Index of a network interface on this host, 0 when there is none by that name. */
export function interfaceIndex(name: string): number {
  return libc().if_nametoindex(cString(name));
}

/** A connected non-blocking TCP socket to `host`:`port`, bound to `interfaceName` first when
 * given.
 * @throws {NetError} "refused", "timeout" or "unreachable" (a host name, no such interface, no
 *   route ...)
 */
export async function connectTcp(o: ConnectTcpOptions): Promise<FdStream> {
  const target = describeEndpoint(o.host, o.port, o.interfaceName);
  let address: Uint8Array<ArrayBuffer>;
  try {
    address = sockaddrIn(o.host, o.port);
  } catch (e) {
    // A host name or a bad port in the stick's URL: say so in the caller's terms.
    throw new NetError("unreachable", "connect", target, (e as Error).message);
  }
  const fd = libc().socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw new NetError("unreachable", "connect", target, `socket(): ${errnoName(lastErrno())}`);
  }
  const stream = new FdStream(fd, target);
  try {
    if (o.interfaceName !== null) bindToDevice(fd, o.interfaceName, target);
    if (libc().connect(fd, address, SOCKADDR_IN_SIZE) !== 0) {
      // errno comes from a second FFI call and was seen stale (EAGAIN for a connect that was
      // in progress to loopback): the socket itself says how the connect ended. Writable (or
      // hung up), then its pending error, then whether it has a peer; errno only names a
      // failure none of those explains.
      const errno = lastErrno();
      await waitWritable(fd, o.deadline, target, o.timeoutMs);
      const soError = socketError(fd);
      if (soError !== 0) throw connectFailure(soError, target, o.timeoutMs);
      if (!hasPeer(fd)) {
        const why = errno === EINPROGRESS || errno === EINTR ? ENOTCONN : errno;
        throw connectFailure(why, target, o.timeoutMs);
      }
    }
    return stream;
  } catch (e) {
    stream.close();
    throw e;
  }
}

function bindToDevice(fd: number, name: string, target: string): void {
  const value = cString(name);
  if (libc().setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, value, value.length) === 0) return;
  const errno = lastErrno();
  const why = errno === ENODEV
    ? `no interface "${name}" on this host (ENODEV)`
    : errno === EPERM
    ? "SO_BINDTODEVICE: EPERM (Linux before 5.7 needs CAP_NET_RAW)"
    : `SO_BINDTODEVICE: ${errnoName(errno)}`;
  throw new NetError("unreachable", "connect", target, why);
}

function connectFailure(errno: number, target: string, timeoutMs: number): NetError {
  if (errno === ECONNREFUSED) return new NetError("refused", "connect", target, "ECONNREFUSED");
  if (errno === ETIMEDOUT) {
    return new NetError("timeout", "connect", target, `timed out after ${timeoutMs} ms`, timeoutMs);
  }
  return new NetError("unreachable", "connect", target, errnoName(errno));
}

/** Waits for the connect to finish (POLLOUT, or POLLERR/POLLHUP on failure) before the deadline,
 * through the process's one poller: a poll() of its own per connect took a thread of Deno's pool
 * each, 128 sticks' HiLink requests at once (ffi/poller.ts). */
async function waitWritable(fd: number, deadline: number, target: string, timeoutMs: number) {
  for (;;) {
    const remaining = deadline - performance.now();
    if (remaining <= 0) {
      throw new NetError(
        "timeout",
        "connect",
        target,
        `timed out after ${timeoutMs} ms`,
        timeoutMs,
      );
    }
    const revents = await poller().wait(fd, POLLOUT, Math.ceil(remaining));
    if (revents & (POLLOUT | POLLERR | POLLHUP)) return;
    if (revents & POLLNVAL) throw new NetError("unreachable", "connect", target, "socket closed");
  }
}

/** Whether the socket is connected: getpeername's own return value, not errno. */
function hasPeer(fd: number): boolean {
  const address = new Uint8Array(SOCKADDR_IN_SIZE);
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, SOCKADDR_IN_SIZE, true);
  return libc().getpeername(fd, address, length) === 0;
}

function socketError(fd: number): number {
  const value = new Uint8Array(4);
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, 4, true);
  if (libc().getsockopt(fd, SOL_SOCKET, SO_ERROR, value, length) !== 0) return lastErrno();
  return new DataView(value.buffer).getInt32(0, true);
}

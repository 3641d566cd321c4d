// Test harness, part three: TCP across the network-namespace lab (tests/net/_netns.ts): a
// server that answers with its namespace's name, and clients bound to an interface
// (SO_BINDTODEVICE), to a source address, to nothing, or through `curl --interface`.

import { run } from "../host/tools.ts";
import { delay, exists, type NetLab, type Started } from "./_netns.ts";

// The distribution's python3 (a pyenv shim on PATH would cost a shell start per client).
const PYTHON = exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

/** The outcome of a TCP client: the server's one-line answer, or the errno name that stopped it. */
export type Connection = { ok: true; answer: string } | { ok: false; error: string };

/**
 * A TCP server in `ns` on `address`:`port` that answers every connection with `answer` and a
 * newline, then closes it (python3; ready when it has bound).
 */
export async function startTcpServer(
  lab: NetLab,
  ns: string,
  address: string,
  port: number,
  answer: string,
): Promise<Started> {
  const child = lab.spawn(
    ["ip", "netns", "exec", ns, PYTHON, "-c", SERVER_SCRIPT, address, String(port), answer],
    "piped",
  );
  const reader = child.stdout.getReader();
  const first = await Promise.race([
    reader.read(),
    delay(5_000).then(() => null),
  ]);
  reader.releaseLock();
  if (first === null || first.done || !new TextDecoder().decode(first.value).includes("ready")) {
    await lab.stop(child);
    throw new Error(`Cannot start a TCP server on ${address}:${port} in "${ns}": not ready`);
  }
  // Nothing more is printed; draining keeps the pipe from ever filling.
  child.stdout.pipeTo(new WritableStream()).catch(() => {});
  return lab.started(child);
}

/** How a client runs: its bound, and the user it runs as (root when not given). */
export interface ClientOptions {
  timeoutMs?: number;
  /** Run as this uid and gid (e.g. 65534, nobody) through setpriv. */
  uid?: number;
}

/** A TCP client in `ns` bound to interface `iface` only (SO_BINDTODEVICE, no bind()). */
export function connectBoundToDevice(
  ns: string,
  iface: string,
  host: string,
  port: number,
  options: ClientOptions = {},
): Promise<Connection> {
  return connect(ns, ["dev", iface], host, port, options);
}

/** A TCP client in `ns` bound to source address `source` only (bind(), no device). */
export function connectFromAddress(
  ns: string,
  source: string,
  host: string,
  port: number,
  options: ClientOptions = {},
): Promise<Connection> {
  return connect(ns, ["src", source], host, port, options);
}

/** A TCP client in `ns` with no binding at all: the routing table's choice. */
export function connectUnbound(
  ns: string,
  host: string,
  port: number,
  options: ClientOptions = {},
): Promise<Connection> {
  return connect(ns, ["none", ""], host, port, options);
}

/** `curl --interface <iface> telnet://host:port` in `ns`: what a user would type. */
export async function curlInterface(
  ns: string,
  iface: string,
  host: string,
  port: number,
): Promise<Connection> {
  const r = await run([
    "ip",
    "netns",
    "exec",
    ns,
    "curl",
    "-sS",
    "--max-time",
    "3",
    "--interface",
    iface,
    `telnet://${host}:${port}`,
  ]);
  return r.code === 0
    ? { ok: true, answer: r.stdout.trim() }
    : { ok: false, error: r.stderr.trim() };
}

async function connect(
  ns: string,
  [mode, value]: [string, string],
  host: string,
  port: number,
  { timeoutMs = 3_000, uid }: ClientOptions,
): Promise<Connection> {
  const user = uid === undefined
    ? []
    : ["setpriv", `--reuid=${uid}`, `--regid=${uid}`, "--clear-groups"];
  const r = await run(
    [
      "ip",
      "netns",
      "exec",
      ns,
      ...user,
      PYTHON,
      "-c",
      CLIENT_SCRIPT,
      mode,
      value,
      host,
      String(port),
      String(timeoutMs / 1000),
    ],
    { timeoutMs: timeoutMs + 5_000 },
  );
  const out = r.stdout.trim();
  if (r.code === 0) return { ok: true, answer: out };
  if (out.startsWith("ERROR ")) return { ok: false, error: out.slice(6) };
  throw new Error(`Cannot run the TCP client in "${ns}": exit ${r.code}: ${r.stderr.trim()}`);
}

const SERVER_SCRIPT = `
import socket, sys
address, port, answer = sys.argv[1], int(sys.argv[2]), (sys.argv[3] + "\\n").encode()
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((address, port))
s.listen(64)
print("ready", flush=True)
while True:
    c, _ = s.accept()
    try:
        c.sendall(answer)
    finally:
        c.close()
`;

const CLIENT_SCRIPT = `
import errno, socket, sys
mode, value, host, port, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.settimeout(timeout)
try:
    if mode == "dev":
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, value.encode())
    elif mode == "src":
        s.bind((value, 0))
    s.connect((host, port))
    data = b""
    while not data.endswith(b"\\n"):
        chunk = s.recv(256)
        if not chunk:
            break
        data += chunk
    print(data.decode().strip())
except socket.timeout:
    print("ERROR ETIMEDOUT"); sys.exit(1)
except OSError as e:
    print("ERROR " + errno.errorcode.get(e.errno, str(e.errno))); sys.exit(1)
`;

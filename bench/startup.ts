// Start-up time as an operator feels it: spawn the real CLI (`main.ts status` on an empty sysfs
// tree) and time until its first byte on stdout. The median of a few runs, after one warm-up run
// that fills Deno's module and type-check caches.

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const CONFIG = new URL("../deno.json", import.meta.url).pathname;

export async function startupMs(runs = 5): Promise<number> {
  const sysfs = await Deno.makeTempDir({ prefix: "stickmode_bench_sys_" });
  try {
    await Deno.mkdir(`${sysfs}/bus/usb/devices`, { recursive: true });
    await timeToFirstByte(sysfs); // warm-up
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await timeToFirstByte(sysfs));
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  } finally {
    await Deno.remove(sysfs, { recursive: true });
  }
}

async function timeToFirstByte(sysfsRoot: string): Promise<number> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      "--quiet",
      `--config=${CONFIG}`,
      MAIN,
      "status",
      "--sysfs-root",
      sysfsRoot,
    ],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(30_000),
  }).spawn();
  let first: number | null = null;
  const stderr = new Response(child.stderr).text();
  for await (const chunk of child.stdout) {
    if (first === null && chunk.length > 0) first = performance.now() - started;
  }
  const status = await child.status;
  if (!status.success || first === null) {
    throw new Error(`Cannot time start-up: "status" exited ${status.code}: ${await stderr}`);
  }
  await stderr;
  return first;
}

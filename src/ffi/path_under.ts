// Pure: no I/O. Joining a path onto a root directory: a host root (--root), a sysfs or /dev root, a
// config directory. Here, at the bottom, so every layer that prefixes paths joins them the same
// way.

/** `path` (absolute: starts with "/") under `root`, with the root's trailing slashes dropped;
 * root "/" (or "") gives `path` itself: `pathUnder("/tmp/r/", "/etc/x")` is "/tmp/r/etc/x". */
export function pathUnder(root: string, path: string): string {
  return root.replace(/\/+$/, "") + path;
}

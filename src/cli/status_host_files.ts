// Which of the files stickmode manages belong to one stick, derived from the dialer registry
// (host/dialers/mod.ts) without the profile: each kind's unit template, and every per-stick file
// path a kind's managesPath claims for the stick's name. The config directory is the default
// one (/etc/stickmode): status reads no profile.

import { DEFAULT_HOST_SETTINGS } from "../host/host_stick.ts";
import { DIALER_KINDS, dialerFor, type DialerKind } from "../host/dialers/mod.ts";
import { chatScriptPath, pppPeerPath } from "../host/pppd_peers.ts";
import { ncmFilePath } from "../host/ncm_files.ts";
import { wvdialConfPath } from "../host/wvdial_conf.ts";
import { SYSTEMD_UNIT_DIR } from "../host/systemd_units.ts";
import { AT_LINK_SUFFIX } from "../host/unit_names.ts";
import { pathUnder } from "../ffi/path_under.ts";
import { pathExists } from "../ffi/path_exists.ts";

/** One file stickmode may have written for a stick, and whether it exists under --root. */
export interface StickHostFile {
  kind: DialerKind;
  /** The host path ("/etc/ppp/peers/stickmode-gsm0"). */
  path: string;
  /** True for a file every stick of the kind shares (wvdial.conf, the unit template). */
  shared: boolean;
  exists: boolean;
}

/** Pure: the candidate files of stick `name`, by dialer kind, as the registry names them. */
export function stickHostPaths(name: string): Omit<StickHostFile, "exists">[] {
  const settings = { configDir: DEFAULT_HOST_SETTINGS.configDir };
  const own = [
    pppPeerPath({ name }),
    chatScriptPath({ name }),
    ncmFilePath(name, "link"),
    ncmFilePath(name, "network"),
  ];
  return DIALER_KINDS.flatMap((kind) => {
    const dialer = dialerFor(kind);
    return [
      ...own.filter((p) => dialer.managesPath(p, settings)).map((path) => ({
        kind,
        path,
        shared: false,
      })),
      ...[wvdialConfPath(settings)].filter((p) => dialer.managesPath(p, settings)).map((
        path,
      ) => ({ kind, path, shared: true })),
      { kind, path: `${SYSTEMD_UNIT_DIR}/${dialer.unitTemplate}`, shared: true },
    ];
  });
}

/** The candidate files of `name` with whether each exists under `root`. */
export function stickHostFiles(root: string, name: string): StickHostFile[] {
  return stickHostPaths(name).map((f) => ({ ...f, exists: pathExists(pathUnder(root, f.path)) }));
}

/** The stick's udev names (/dev/<name>: modem tty, /dev/<name>-at: PCUI) and whether each is
 * present under --dev-root. */
export function udevNames(devRoot: string, name: string): { path: string; exists: boolean }[] {
  return [name, `${name}${AT_LINK_SUFFIX}`].map((n) => ({
    path: `/dev/${n}`,
    exists: pathExists(pathUnder(devRoot, `/${n}`)),
  }));
}

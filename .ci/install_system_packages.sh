#!/usr/bin/env bash
# Debian packages the tests use as real peers and validators (docs/host.md#validators): libusb for
# the FFI binding, wvdial/ppp for dialer validation, umockdev/udev for discovery and rule semantics,
# systemd for systemd-analyze (and systemd-networkd), iproute2 for network namespaces, dnsmasq-base
# for the DHCP server of a simulated NCM stick (src/sim/ncm_network.ts), gcc to build the fake libusb.
set -euo pipefail
if ! command -v apt-get >/dev/null; then
  echo "install_system_packages: no apt-get here; tests that need these tools will skip" >&2
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  libusb-1.0-0 wvdial ppp umockdev udev systemd iproute2 dnsmasq-base gcc libc6-dev ca-certificates \
  >/dev/null
# The packaging tests (tests/packaging/, tests/cli/completion_test.ts, man_page_test.ts): dpkg-dev
# (dpkg-shlibdeps, dpkg-buildflags) and lintian for the .deb, man-db/groff/mandoc to render and lint
# stickmode(1), zsh and fish to load and run the completion scripts.
$SUDO apt-get install -y -qq --no-install-recommends \
  dpkg-dev lintian man-db groff-base mandoc zsh fish >/dev/null
# ansible-playbook runs configs/ansible/playbook.yml against localhost and the simulated fleet.
$SUDO apt-get install -y -qq --no-install-recommends ansible-core >/dev/null

# `udevadm verify` exists only from systemd 253 on; Debian 12 ships 252. Unpack (never install)
# udev/systemd/libsystemd-shared from bookworm-backports to a private tree (host.md#udevadm-verify).
# Idempotent: a tree that already answers 254 is kept. Tests find it at this path, or through
# STICKMODE_UDEVADM_VERIFY, or use the system udevadm when that is >= 253 (e.g. Ubuntu 24.04).
STICKMODE_UDEV254=/opt/stickmode-udev254
install_udevadm_254() {
  local root="$STICKMODE_UDEV254/root" libdir
  libdir="$root/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)/systemd"
  if [ "$(udevadm --version 2>/dev/null || echo 0)" -ge 253 ]; then
    return 0
  fi
  if [ "$(LD_LIBRARY_PATH="$libdir" "$root/bin/udevadm" --version 2>/dev/null || echo 0)" -ge 253 ]; then
    return 0
  fi
  local sources=/etc/apt/sources.list.d/debian.sources uri state
  if ! grep -qs 'bookworm' "$sources"; then
    echo "install_udevadm_254: not Debian 12 (no bookworm in $sources); udevadm verify tests will skip" >&2
    return 0
  fi
  uri=$(awk '/^URIs:/{print $2; exit}' "$sources")
  state=$(mktemp -d /tmp/stickmode-aptbp.XXXXXX)
  mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/dl"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri bookworm-backports main" \
    >"$state/sources.list"
  local opts=(-o "Dir::Etc::sourcelist=$state/sources.list" -o Dir::Etc::sourceparts=-
    -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache")
  $SUDO apt-get "${opts[@]}" update -qq
  (cd "$state/dl" && $SUDO apt-get "${opts[@]}" download -qq udev libsystemd-shared systemd)
  $SUDO rm -rf "$STICKMODE_UDEV254.partial"
  $SUDO mkdir -p "$STICKMODE_UDEV254.partial/root"
  for deb in "$state"/dl/*.deb; do $SUDO dpkg-deb -x "$deb" "$STICKMODE_UDEV254.partial/root"; done
  $SUDO rm -rf "$STICKMODE_UDEV254"
  $SUDO mv "$STICKMODE_UDEV254.partial" "$STICKMODE_UDEV254"
  $SUDO rm -rf "$state"
  LD_LIBRARY_PATH="$libdir" "$root/bin/udevadm" --version
}
install_udevadm_254

# `promtool check metrics` validates the Prometheus textfile `apply --metrics-file` writes
# (docs/host.md#prometheus-textfile), from Debian's prometheus package, whose install adds a user, a
# server: download and unpack it (never install) into a private tree. Idempotent: a tree whose
# promtool answers --version is kept. Tests find it at this path, via STICKMODE_PROMTOOL, or on PATH.
STICKMODE_PROMTOOL=/opt/stickmode-promtool
install_promtool() {
  local bin="$STICKMODE_PROMTOOL/root/usr/bin/promtool" state
  if "$bin" --version >/dev/null 2>&1; then
    return 0
  fi
  state=$(mktemp -d /tmp/stickmode-promtool.XXXXXX)
  chmod 755 "$state" # apt's _apt user downloads into it
  (cd "$state" && $SUDO apt-get download -qq prometheus)
  $SUDO rm -rf "$STICKMODE_PROMTOOL.partial"
  $SUDO mkdir -p "$STICKMODE_PROMTOOL.partial/root"
  for deb in "$state"/prometheus_*.deb; do $SUDO dpkg-deb -x "$deb" "$STICKMODE_PROMTOOL.partial/root"; done
  $SUDO rm -rf "$STICKMODE_PROMTOOL"
  $SUDO mv "$STICKMODE_PROMTOOL.partial" "$STICKMODE_PROMTOOL"
  $SUDO rm -rf "$state"
  "$bin" --version
}
install_promtool

#!/usr/bin/env bash
# Debian packages the test suite uses as real peers and validators (OPS.md): libusb for the FFI
# binding, wvdial/ppp for dialer validation, umockdev/udev for discovery and rule semantics,
# systemd for systemd-analyze, iproute2 for network namespaces, gcc to build the fake libusb.
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
  libusb-1.0-0 wvdial ppp umockdev udev systemd iproute2 gcc libc6-dev ca-certificates \
  >/dev/null

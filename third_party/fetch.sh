#!/usr/bin/env bash
# Fetches the pinned third-party sources from Debian's source archive, checks every file
# against deps.lock, unpacks them and applies Debian's patch series, then our own patches.
# Result: third_party/src/<name>/ (ignored by git). Idempotent: a stamp file skips done work.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lock="$here/deps.lock"
dl="$here/downloads"
src="$here/src"
mkdir -p "$dl" "$src"

die() { echo "third_party/fetch.sh: $*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# deb-src entries built from the machine's own Debian entry (same mirror, same keyring), so no
# host name lives in this repository.
ensure_deb_src() {
  local list=/etc/apt/sources.list.d/pixel-avatar-src.sources
  local suites="bookworm bookworm-backports trixie"
  [ -f "$list" ] && grep -qx "Suites: $suites" "$list" && return 0
  local uri keyring
  uri=$(grep -rhE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
        | grep -E '/debian/?( |$)' | grep -v security | head -1 | sed -E 's/^URIs: *//; s/^deb (\[[^]]*\] )?//; s/ .*//' || true)
  [ -n "$uri" ] || die "found no Debian archive entry in /etc/apt/sources.list*; add one (Types: deb, Suites: bookworm) and rerun"
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  [ -f "$keyring" ] || die "missing $keyring: apt-get install debian-archive-keyring"
  echo "third_party: adding deb-src entries ($suites) for the Debian archive in use"
  printf 'Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' "$uri" "$suites" "$keyring" \
    | as_root tee "$list" >/dev/null
  as_root apt-get update -qq || die "apt-get update failed after adding deb-src entries; check the network and $list"
}

verify() { # file sha256
  local got; got=$(sha256sum "$dl/$1" | cut -d' ' -f1)
  [ "$got" = "$2" ] || die "checksum mismatch for $1: expected $2, got $got. Delete $dl/$1 and rerun; if it persists the archive changed and deps.lock needs review."
}

# Fetch what is missing, one apt-get call per pinned package version. apt's exit status is not
# the verdict: it fails when any file of the source package is missing (the archive may not
# serve a .dsc), so what decides is whether every pinned file arrived with its checksum.
fetched=" "
while read -r name version file sum; do
  [ -n "${name:-}" ] && [ "${name:0:1}" != "#" ] || continue
  if [ ! -f "$dl/$file" ] && [[ "$fetched" != *" $name=$version "* ]]; then
    ensure_deb_src
    echo "third_party: fetching $name=$version"
    (cd "$dl" && apt-get source --download-only "$name=$version" >/dev/null 2>"$dl/$name.err") || true
    fetched+="$name=$version "
  fi
  [ -f "$dl/$file" ] || die "apt-get source $name=$version did not deliver $file: $(grep -E '^E:' "$dl/$name.err" | head -2 | tr '\n' ' '). The pinned version must be in Debian's archive; run 'apt-cache showsrc $name' to see what is offered."
  verify "$file" "$sum"
done < "$lock"

# Unpack and patch each package once.
for name in $(awk '!/^#/ && NF {print $1}' "$lock" | sort -u); do
  out="$src/$name"
  stamp="$out/.pixel-avatar-ready"
  # The stamp holds the checksums of the project patches applied: adding, editing or removing
  # one unpacks the package again (a timestamp alone would miss a removed patch).
  patches=$(cd "$here/patches" && sha256sum "$name"-*.patch 2>/dev/null || true)
  if [ -f "$stamp" ] && [ "$stamp" -nt "$lock" ] && [ "$(cat "$stamp")" = "$patches" ]; then
    continue
  fi
  rm -rf "$out" "$src/.tmp-$name"; mkdir -p "$src/.tmp-$name"
  orig=$(awk -v n="$name" '$1==n && $3 ~ /orig\.tar/ {print $3}' "$lock")
  deb=$(awk -v n="$name" '$1==n && $3 ~ /debian\.tar/ {print $3}' "$lock")
  tar -xf "$dl/$orig" -C "$src/.tmp-$name"
  mv "$src/.tmp-$name"/* "$out"; rmdir "$src/.tmp-$name"
  tar -xf "$dl/$deb" -C "$out"
  if [ -f "$out/debian/patches/series" ]; then
    while read -r p; do
      [ -n "$p" ] && [ "${p:0:1}" != "#" ] || continue
      patch -s -p1 -d "$out" < "$out/debian/patches/${p%% *}" || die "Debian patch $p did not apply to $name"
    done < "$out/debian/patches/series"
  fi
  for p in "$here"/patches/"$name"-*.patch; do
    [ -f "$p" ] || continue
    patch -s -p1 -d "$out" < "$p" || die "project patch $(basename "$p") did not apply to $name"
  done
  printf '%s' "$patches" > "$stamp"
  echo "third_party: $name unpacked and patched in third_party/src/$name"
done

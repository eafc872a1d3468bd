#!/usr/bin/env bash
# Installs the Debian packages zongjie builds and tests with, when missing.
# Sourced by run.sh and test.sh; idempotent (nothing runs when all are there).
set -euo pipefail

ZJ_PACKAGES=(gcc make cmake pkg-config libpcre2-dev libutf8proc-dev libgsl-dev libcmocka-dev
             libcsv-dev libxlsxwriter-dev libzip-dev libxml2-dev zlib1g-dev
             libopenblas-dev) # OpenBLAS: opened at run time (src/stats/gemm.h), not linked

zj_missing_packages() {
  local p missing=()
  for p in "${ZJ_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  echo "${missing[@]:-}"
}

zj_install_deps() {
  local missing
  missing=$(zj_missing_packages "$@")
  [ -z "$missing" ] && return 0
  echo "zongjie: installing: $missing" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

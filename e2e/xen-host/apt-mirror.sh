#!/usr/bin/env bash
# Prints the Debian mirror this machine's apt uses for SUITE's main component, so the test image
# is built from the same place as the machine's own packages (a local mirror or a proxying cache
# works as it does for apt). XEN_HOST_MIRROR overrides it; with no matching source the public
# mirror is printed and a note goes to stderr.
#
# Usage: apt-mirror.sh [SUITE]   (default bookworm); APT_ROOT reads another tree's /etc/apt.
set -euo pipefail

suite=${1:-bookworm}
etc="${APT_ROOT:-}/etc/apt"
fallback=http://deb.debian.org/debian

if [ -n "${XEN_HOST_MIRROR:-}" ]; then
  echo "$XEN_HOST_MIRROR"
  exit 0
fi

# deb822 sources (*.sources): the first enabled "deb" stanza listing SUITE and main.
deb822() {
  awk -v suite="$suite" '
    function flush() {
      if (types ~ /(^| )deb( |$)/ && suites ~ ("(^| )" suite "( |$)") && comps ~ /(^| )main( |$)/ && enabled != "no" && uri != "")
        { print uri; found = 1; exit }
      types = suites = comps = uri = enabled = ""
    }
    /^[ \t]*#/ { next }
    /^[ \t]*$/ { flush(); next }
    {
      key = tolower($1); sub(/:$/, "", key)
      val = $0; sub(/^[^:]*:[ \t]*/, "", val)
      if (key == "types") types = val
      else if (key == "suites") suites = val
      else if (key == "components") comps = val
      else if (key == "enabled") enabled = tolower(val)
      else if (key == "uris") { split(val, u, /[ \t]+/); uri = u[1] }
    }
    END { if (!found) flush() }
  ' "$@"
}

# One-line sources (sources.list, *.list): "deb [options] URI SUITE COMPONENT…".
one_line() {
  awk -v suite="$suite" '
    /^[ \t]*deb[ \t]/ {
      i = 2
      if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
      uri = $i; s = $(i + 1); main = 0
      for (j = i + 2; j <= NF; j++) if ($j == "main") main = 1
      if (s == suite && main) { print uri; exit }
    }
  ' "$@"
}

shopt -s nullglob
found=""
sources=("$etc"/sources.list.d/*.sources)
lists=("$etc"/sources.list "$etc"/sources.list.d/*.list)
existing=()
for f in "${lists[@]}"; do [ -f "$f" ] && existing+=("$f"); done
[ ${#sources[@]} -gt 0 ] && found=$(deb822 "${sources[@]}")
[ -z "$found" ] && [ ${#existing[@]} -gt 0 ] && found=$(one_line "${existing[@]}")
if [ -z "$found" ]; then
  echo "apt-mirror.sh: no apt source for $suite main in $etc; using $fallback (set XEN_HOST_MIRROR to choose)" >&2
  found=$fallback
fi
echo "${found%/}"

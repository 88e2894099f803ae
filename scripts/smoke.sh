#!/usr/bin/env bash
# Smoke commands a CI user relies on, run against an installed modelaudit (the executable is $1,
# default `modelaudit`): .ci/run runs them in the venv resolved with the lowest allowed dependency
# versions, where a floor that breaks the command line shows as a wrong exit status.
set -uo pipefail
cd "$(dirname "$0")/.."
MA="${1:-modelaudit}"
PY="$(dirname "$(command -v "$MA")")/python"
[ -x "$PY" ] || PY=python3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0

expect() {  # expect STATUS DESCRIPTION -- COMMAND...
  local want="$1" what="$2"; shift 3
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  if grep -q "internal error" "$work/err"; then
    echo "smoke: FAIL $what: $(head -c 300 "$work/err")" >&2
    failed=1
  elif [ "$got" -ne "$want" ]; then
    echo "smoke: FAIL $what: exit $got, expected $want" >&2
    head -c 600 "$work/err" >&2
    failed=1
  else
    echo "smoke: ok   $what (exit $got)"
  fi
}

profile=examples/profiles/startup.yaml
expect 0 "--version" -- "$MA" --version
for cmd in "" check scan lineage licenses snapshot cache config; do
  # shellcheck disable=SC2086
  expect 0 "$cmd --help" -- "$MA" $cmd --help
done
expect 2 "no command is a usage error" -- "$MA"
expect 2 "unknown option is a usage error" -- "$MA" check --no-such-option
expect 2 "a missing argument is a usage error" -- "$MA" lineage
expect 1 "check of a model that must block" -- "$MA" check --offline -q --profile "$profile" mistralai/Codestral-22B-v0.1
expect 0 "check of a model that passes" -- "$MA" check --offline -q --profile "$profile" allenai/OLMo-2-1124-7B
for fmt in json sarif junit cyclonedx spdx markdown html; do
  expect 1 "check --format $fmt" -- "$MA" check --offline -q --profile "$profile" -f "$fmt" -o "$work/report.$fmt" \
    mistralai/Codestral-22B-v0.1
done
"$PY" - "$work" <<'PY' || failed=1
import json, sys, xml.etree.ElementTree as ET
work = sys.argv[1]
for fmt in ("json", "sarif", "cyclonedx", "spdx"):
    json.load(open(f"{work}/report.{fmt}"))
ET.parse(f"{work}/report.junit")
print("smoke: ok   machine formats parse")
PY
mkdir -p "$work/code"
printf 'from transformers import AutoModel\nAutoModel.from_pretrained("mistralai/Codestral-22B-v0.1")\n' >"$work/code/app.py"
expect 1 "scan of code that uses a blocking model" -- "$MA" scan --offline -q --profile "$profile" "$work/code"
expect 0 "scan --list" -- "$MA" scan --list "$work/code"
grep -q "mistralai/Codestral-22B-v0.1" "$work/out" || { echo "smoke: FAIL scan --list names the model" >&2; failed=1; }
exit "$failed"

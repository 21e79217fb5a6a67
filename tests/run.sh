#!/usr/bin/env bash
# The test command: installs what the tests need (Debian's prometheus and promtool, and a font for the backtest
# chart), runs every test project in Release, and ends with one line of totals read from the test results:
# "N passed, N failed[, N skipped]".
set -euo pipefail
cd "$(dirname "$0")/.."

needed=(prometheus fonts-dejavu-core)
missing=()
for package in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
prometheus --version 2>&1 | head -n 1

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

status=0
dotnet test PromoScaler.sln -c Release --logger "trx" --results-directory "$results" || status=$?

# Totals come from the TRX files the run wrote, so a run that tested nothing cannot look green.
shopt -s nullglob
trx_files=("$results"/*.trx)
passed=0 failed=0 skipped=0
for trx in "${trx_files[@]}"; do
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  value() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done
# A test project that failed to build writes no TRX: count it as a failure, so the totals cannot look clean.
projects=$(find tests -name '*.Tests.csproj' | wc -l)
if [ ${#trx_files[@]} -lt "$projects" ]; then
  missing_results=$((projects - ${#trx_files[@]}))
  echo "$missing_results of $projects test projects wrote no results (did they build?)" >&2
  failed=$((failed + missing_results))
  status=1
fi
if [ "$passed" -eq 0 ]; then status=1; fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$status"

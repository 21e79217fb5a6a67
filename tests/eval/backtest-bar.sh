#!/usr/bin/env bash
# The backtest quality bar (not part of the test suite): the fixed calibrated policy,
# policies/examples/backtest-bar-calibrated.yaml, on
# every trace of TRACES_DIR (default policies/traces) and on three traces derived from the NASA trace; then the
# target-mode policy (policies/examples/backtest-bar.yaml) re-measured, prediction on and off, perfect foresight, the
# STS-70 launch check and its ablation table. Exit 0 when the bar holds.
# Usage: tests/eval/backtest-bar.sh [TRACES_DIR] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
traces="${1:-policies/traces}"
out="${2:-out/backtest-bar}"
dotnet build src/PromoScaler.Cli -c Release -v quiet -nologo >/dev/null
exec dotnet run tests/eval/BacktestBar.cs -- "src/PromoScaler.Cli/bin/Release/net10.0/promoscaler" "$traces" "$out"

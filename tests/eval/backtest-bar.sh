#!/usr/bin/env bash
# The backtest quality bar (not part of the test suite: it runs about 150 backtests): the fixed calibrated policy,
# policies/examples/backtest-bar-calibrated.yaml, on every trace of TRACES_DIR (default policies/traces) and on
# traces derived from the NASA and tweet-volume traces (1-hour blocks permuted, last week shifted 12 h, resampled to
# 5 or 1 minutes), at 90 s and 300 s startup, prediction on and off, pre-warmed variants with floors 20% below the
# traffic; then the target-mode policy (policies/examples/backtest-bar.yaml) re-measured with and without prediction,
# perfect foresight, the STS-70 launch check and its ablation table. Exit 0 when every bar holds. On a shared
# machine run it niced, in the background: nice tests/eval/backtest-bar.sh DIR > bar.txt 2>&1 &
# Usage: tests/eval/backtest-bar.sh [TRACES_DIR] [OUT_DIR] [--traces REGEX] [--quick | --prewarmed] [--disable PARTS]
# (working runs only: --traces keeps the traces whose name matches, --quick runs the calibrated table alone,
# --prewarmed the calibrated table and the pre-warmed windows' table,
# --disable is passed to every calibrated backtest, e.g. bands for the ablation of the per-band margin; the README's
# tables come from a full run without options). The CLI is built once and copied to OUT_DIR/cli, so a rebuild while
# the script runs cannot change the binary under it.
set -euo pipefail
cd "$(dirname "$0")/../.."
traces="${1:-policies/traces}"
out="${2:-out/backtest-bar}"
shift $(( $# < 2 ? $# : 2 ))
dotnet build src/PromoScaler.Cli -c Release -v quiet -nologo >/dev/null
mkdir -p "$out"
rm -rf "$out/cli"
cp -r src/PromoScaler.Cli/bin/Release/net10.0 "$out/cli"
start=$(date +%s)
status=0
dotnet run tests/eval/BacktestBar.cs -- "$out/cli/promoscaler" "$traces" "$out" "$@" || status=$?
echo "wall time: $(( $(date +%s) - start )) s"
exit "$status"

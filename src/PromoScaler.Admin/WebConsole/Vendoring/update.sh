#!/usr/bin/env bash
# Refreshes the console's vendored chart library from the npm registry, exactly as package-lock.json pins it
# (integrity-checked by npm ci), and copies the files the console embeds into ../Assets/vendor. Run it only to
# change the version (edit package.json, run `npm install --package-lock-only`, then this); `dotnet build` needs
# neither Node nor this script: the copied files are committed.
set -euo pipefail
cd "$(dirname "$0")"
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
cp package.json package-lock.json "$staging/"
(cd "$staging" && npm ci --ignore-scripts --no-audit --no-fund --silent)
target=../Assets/vendor
mkdir -p "$target"
cp "$staging/node_modules/uplot/dist/uPlot.iife.min.js" "$target/uPlot.iife.min.js"
cp "$staging/node_modules/uplot/dist/uPlot.min.css" "$target/uPlot.min.css"
cp "$staging/node_modules/uplot/LICENSE" "$target/uPlot.LICENSE"
version="$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$staging/node_modules/uplot/package.json" | head -n 1)"
echo "uPlot $version copied to $(cd "$target" && pwd)"

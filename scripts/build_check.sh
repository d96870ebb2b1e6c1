#!/usr/bin/env bash
# Build the one-folder bundle with build.spec and prove it runs: --smoke and a CLI demo.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
"$PY" -m pip install -q pyinstaller >/dev/null
rm -rf build/wenming dist/wenming
"$PY" -m PyInstaller --noconfirm --log-level WARN build.spec
BUNDLE=dist/wenming
DATA=$(mktemp -d)
export QT_QPA_PLATFORM=offscreen
echo "== smoke start of the frozen app"
"$BUNDLE/wenming" --data-dir "$DATA" --smoke
echo "== frozen wenming-cli demo"
"$BUNDLE/wenming-cli" --data-dir "$DATA" demo
"$BUNDLE/wenming-cli" --data-dir "$DATA" stats --year 2019 | head -1
"$BUNDLE/wenming-cli" --data-dir "$DATA" search 普法 | tail -1  # the search index (FTS5) in the frozen SQLite
"$BUNDLE/wenming-cli" --data-dir "$DATA" summary --year 2019 --out "$DATA/s.pdf"
echo "== bundle size: $(du -sh "$BUNDLE" | cut -f1)"
rm -rf "$DATA"

#!/usr/bin/env bash
# Build the fuzz seed corpora from the repository's own fixtures (never
# from ../shared: that corpus is read, not copied).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/parse corpus/body corpus/header corpus/roundtrip
for f in ../tests/fixtures/*.md ../examples/sample.md; do
  name=$(basename "$f" .md)
  cp "$f" "corpus/parse/$name"
  # The body target takes only the body: drop the four header lines.
  tail -n +5 "$f" > "corpus/body/$name"
done
# The header and roundtrip targets decode its input with `arbitrary`; any bytes do as
# seeds, the fixtures give it varied ones.
cp corpus/parse/* corpus/header/
cp corpus/parse/* corpus/roundtrip/

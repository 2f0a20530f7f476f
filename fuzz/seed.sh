#!/usr/bin/env bash
# Build the fuzz seed corpora from the repository's own fixtures (never
# from ../shared: that corpus is read, not copied).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/parse corpus/body corpus/header corpus/roundtrip corpus/structured corpus/dos
for f in ../tests/fixtures/*.md ../examples/sample.md; do
  name=$(basename "$f" .md)
  cp "$f" "corpus/parse/$name"
  # The body target takes only the body: drop the four header lines.
  tail -n +5 "$f" > "corpus/body/$name"
done
# The header, roundtrip and structured targets decode their input with
# `arbitrary`; any bytes do as seeds, the fixtures give them varied ones.
cp corpus/parse/* corpus/header/
cp corpus/parse/* corpus/roundtrip/
cp corpus/parse/* corpus/structured/
# The dos target reads a split byte, then a prefix and the unit it
# repeats. Seed it with the units of the pathological bench (README,
# "Hostile input and limits") and a few foreign-content and table units,
# after a zero byte (no prefix), and with the first 2 KB of each fixture
# body (split in the middle: a prefix and a long unit).
i=0
for unit in '<div>' '<li>x' '<ul><li>' '<b>x' '<i>x' '<a href=/x>x' '<table>' \
  '<p><span>' '字' '<img src="https://images.weserv.nl?url=a.example/p.jpg"><div><small>说明</small></div>' \
  ' a1=v' '<p></p>' '<figure><img src=x><figcaption>x</figcaption></figure>' \
  '<svg><image href=i.png>x' '<template><p>x' '<math><mtext>x' '<tr><td>x' '<option>x'; do
  printf '\000%s' "$unit" > "corpus/dos/unit$i"
  i=$((i + 1))
done
# A U+0001 in the unit stands for the repetition's number: seeds that
# use it, so that mutations can make many distinct elements.
printf '\000<div class=d\001>x' > corpus/dos/numbered0
printf '\000<span id=s\001>x</span>' > corpus/dos/numbered1
for f in corpus/body/*; do
  { printf '\200'; head -c 2048 "$f"; } > "corpus/dos/$(basename "$f")"
done
# The inputs of the reliability review (issue 9) and of the shadow's
# later fixes, as bodies and as whole files: the mutations start near
# the shapes that lost text or memory.
header=$'<!--1677087543000-->\n[t](https://outlet.example/a/1.html)\n------\n\n'
deep=$(printf '<div>%.0s' $(seq 600))
attrs=$(for i in $(seq 0 299); do printf ' a%d=v' "$i"; done)
bolds=$(for i in $(seq 0 249); do printf '<b class=c%d>' "$i"; done)
i=0
for b in \
  '<figure><figcaption>B</figcaption><figure><figcaption>A</figcaption><img src=x></figure><noscript><img src=x></noscript></figure>' \
  '<figure><figcaption>P</figcaption><div><div><div><div><div><img src=x><small>C</small></div></div></div><noscript><img src=x></noscript></div></div></figure>' \
  '<p>Before <svg><image href=i.png>SVG image text</image></svg> after</p>' \
  '<math><image>mtext</image></math>' \
  "$deep<svg><![CDATA[cdata text]]></svg>" \
  "$deep<svg><title><b>x</b></title></svg>" \
  "$deep<template><p>tp</p></template>" \
  "<svg><font$attrs color=red><textarea><b>x</b></textarea></font></svg>" \
  "<p>$bolds<p>x<p>x<p>x<p>x" \
  '<table><figure><div><strong><svg><foreignObject><td></foreignObject><title><b>' \
  '<a href=/x><math><annotation-xml encoding="TEXT/HTML"><div><a href="/y"></div><![CDATA[O]]>' \
  '<p><svg><svg><g><g></g></g></li><desc><desc><address></address><![CDATA[K&lt;b&gt;ok42]]>' \
  '<math><mi><h1><font color=red></h1>--><![CDATA[x]]>'; do
  printf '%s' "$b" > "corpus/body/review$i"
  printf '%s%s' "$header" "$b" > "corpus/parse/review$i"
  i=$((i + 1))
done

# Dates placed in an outlet's zone (`Published::Inferred`), at the edges:
# local mean time before 1900 (an offset in seconds, which RFC 3339
# rounds), the hour Paris passes twice and the one it skips.
printf '<!---2208988800000-->\n[t](https://cn.nytimes.com/a/)\n------\n\n<address>A B</address><time datetime="1900-01-01 08:00:00">x</time><p>y</p>' > corpus/parse/zone0
printf '<!--1698539400000-->\n[t](https://www.rfi.fr/cn/x)\n------\n\n<div>29/10/2023 - 02:30</div><p>y</p>' > corpus/parse/zone1
printf '<!--1679794200000-->\n[t](https://www.rfi.fr/cn/x)\n------\n\n<div>26/03/2023 - 02:30</div><p>y</p>' > corpus/parse/zone2

# The `dos` target's finding: a table part after each of many distinct
# elements past the nesting cap (`<tr><xN>`, U+0001 numbering them).
printf '\000<tr><x\001>' > corpus/dos/distinct_dropped0
printf '\000<\377<tr \377vg><image\001 hrev=i-png>x' > corpus/dos/distinct_dropped1

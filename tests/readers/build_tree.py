"""Build a real-layout archive from the corpus, for `.ci/run`.

    python3 tests/readers/build_tree.py CORPUS_DIR OUT_DIR

Each repository of CORPUS_DIR/MANIFEST.tsv becomes a fork folder
OUT_DIR/<owner>-<name>/ holding its files at their original paths
(articles/<folder>/<id>[_<title>].md, 2020 folder names as they were).
Without a corpus (no MANIFEST.tsv) the fixtures of tests/fixtures stand in:
OUT_DIR/fixtures/articles/<outlet>/<n>.md. Prints the fork folders, one a
line.
"""

import csv
import pathlib
import shutil
import sys


def main() -> None:
    corpus, out = map(pathlib.Path, sys.argv[1:3])
    forks = set()
    manifest = corpus / "MANIFEST.tsv"
    if manifest.is_file():
        lines = [
            line
            for line in manifest.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")
        ]
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            fork = out / row["repo"].replace("/", "-")
            target = fork / row["original_path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(corpus / row["path"], target)
            forks.add(fork)
    else:
        fixtures = pathlib.Path(__file__).resolve().parent.parent / "fixtures"
        fork = out / "fixtures"
        for n, md in enumerate(sorted(fixtures.glob("*.md")), 1):
            target = fork / "articles" / md.stem.split("-")[0] / f"{n}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(md, target)
        forks.add(fork)
    for fork in sorted(forks):
        print(fork)


if __name__ == "__main__":
    main()

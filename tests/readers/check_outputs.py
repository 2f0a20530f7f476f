"""Read the archive converter's JSON Lines and Parquet back with
independent readers (Python's json module, pyarrow) and check them against
an independent reading of the source files' headers.

    python3 tests/readers/check_outputs.py INPUT_DIR articles.jsonl articles.parquet

Run by `.ci/run`, which installs pyarrow in a virtual environment. Exits
non-zero with a message on the first disagreement.
"""

import datetime
import json
import pathlib
import re
import sys

import pyarrow as pa
import pyarrow.parquet as pq

TIMESTAMP = re.compile(r"^<!--(\d+)-->$")
# The title is everything up to the last `](` whose rest is a link.
TITLE = re.compile(r"^\[(.*)\]\(([^()\s]*)\)\s*$")


def expected(root: pathlib.Path) -> dict:
    """path -> (epoch ms or None, title) read from each file's header."""
    out = {}
    for path in sorted(root.rglob("*.md")):
        lines = path.read_text(encoding="utf-8").lstrip("\ufeff").splitlines()
        ms = None
        title = None
        for line in lines[:8]:
            line = line.strip()
            if ms is None and (m := TIMESTAMP.match(line)):
                ms = int(m.group(1))
            elif title is None and (m := TITLE.match(line)):
                title = m.group(1).strip()
        out[path.relative_to(root).as_posix()] = (ms, title)
    return out


def fail(message: str) -> None:
    print(f"check_outputs: {message}", file=sys.stderr)
    sys.exit(1)


def check(kind: str, rows: list, want: dict) -> None:
    if len(rows) != len(want):
        fail(f"{kind}: {len(rows)} rows for {len(want)} files")
    paths = [r["path"] for r in rows]
    # Path order, component by component ("dw" before "dw-legacy").
    if paths != sorted(want, key=lambda p: pathlib.PurePosixPath(p).parts):
        fail(f"{kind}: rows are not the files in path order")
    for row in rows:
        ms, title = want[row["path"]]
        if title is not None and row["title"] != title:
            fail(f"{kind}: {row['path']}: title {row['title']!r}, the file says {title!r}")
        if row["timestamp"] != ms:
            fail(f"{kind}: {row['path']}: timestamp {row['timestamp']}, the file says {ms}")
        outlet = pathlib.PurePosixPath(row["path"]).parent.name
        if row["outlet"] != outlet:
            fail(f"{kind}: {row['path']}: outlet {row['outlet']!r}, expected {outlet!r}")


def millis(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return round(value.timestamp() * 1000)


def main() -> None:
    root, jsonl, parquet = map(pathlib.Path, sys.argv[1:4])
    want = expected(root)
    if not want:
        fail(f"no .md files under {root}")

    rows = []
    with jsonl.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                fail(f"{jsonl}:{n}: not JSON: {e}")
            rows.append(
                {
                    "path": obj["path"],
                    "outlet": obj["outlet"],
                    "title": obj["title"],
                    "timestamp": millis(obj["timestamp"]),
                }
            )
    check("jsonl", rows, want)

    table = pq.read_table(parquet)
    types = {f.name: f.type for f in table.schema}
    if types["timestamp"] != pa.timestamp("ms", tz="UTC"):
        fail(f"parquet: timestamp column is {types['timestamp']}")
    if not pa.types.is_list(types["figures"]) or not pa.types.is_struct(types["figures"].value_type):
        fail(f"parquet: figures column is {types['figures']}")
    rows = [
        {
            "path": r["path"],
            "outlet": r["outlet"],
            "title": r["title"],
            "timestamp": millis(r["timestamp"]),
        }
        for r in table.to_pylist()
    ]
    check("parquet", rows, want)
    figures = sum(len(r) for r in table.column("figures").to_pylist())
    print(
        f"check_outputs: {len(want)} files; JSON Lines and Parquet agree with the headers "
        f"({figures} figures, {table.num_rows} rows)"
    )


if __name__ == "__main__":
    main()

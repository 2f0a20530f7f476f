"""Read the `newsarchive` command's JSON Lines and partitioned Parquet
dataset back with DuckDB and Polars, and check them against an independent
reading of the archive files: their headers (timestamp, title), and the
outlet, folder and id their paths give.

    python3 tests/readers/check_outputs.py articles.jsonl DATASET_DIR FORK...

FORK... are the inputs the command was given, as given (each the folder
holding articles/). Run by `.ci/run`, which installs duckdb and polars from
PyPI in a virtual environment. Exits non-zero with a message on the first
disagreement.
"""

import datetime
import pathlib
import re
import sys

import duckdb
import polars as pl

TIMESTAMP = re.compile(r"^<!--(\d+)-->$")
# The title is everything up to the last `](` whose rest is a link.
TITLE = re.compile(r"^\[(.*)\]\(([^()\s]*)\)\s*$")
# The 2020 archive's folder names; the codes themselves in any case.
LEGACY = {
    "BBC": "bbc",
    "路透": "reuters",
    "金融时报": "ft",
    "德国之声": "dw",
    "法广": "rfi",
    "纽约时报": "nyt",
    "美国之音": "voa",
    "自由亚洲电台": "rfa",
    "中国数字时代": "cdt",
}
CODES = set(LEGACY.values())
COLUMNS = ["source", "path", "outlet", "folder", "id", "title", "timestamp"]


def fail(message: str) -> None:
    print(f"check_outputs: {message}", file=sys.stderr)
    sys.exit(1)


def outlet_of(folder: str) -> str:
    if folder in LEGACY:
        return LEGACY[folder]
    return folder.lower() if folder.lower() in CODES else folder


def expected(forks: list) -> dict:
    """(source, path) -> what the file and its path say."""
    out = {}
    for fork in forks:
        root = pathlib.Path(fork)
        for path in sorted((root / "articles").rglob("*")):
            if not path.is_file() or path.suffix.lower() != ".md" or path.stem.lower() == "readme":
                continue
            lines = path.read_text(encoding="utf-8").lstrip("\ufeff").splitlines()
            ms = TIMESTAMP.match(lines[0].strip()) if lines else None
            title = TITLE.match(lines[1].strip()) if len(lines) > 1 else None
            rel = path.relative_to(root).as_posix()
            folder = rel.split("/")[1]
            number = path.stem.split("_", 1)[0]
            out[(fork, rel)] = {
                "timestamp": int(ms.group(1)) if ms else None,
                "title": title.group(1).strip() if title else None,
                "folder": folder,
                "outlet": outlet_of(folder),
                "id": int(number) if number.isdigit() else None,
            }
    return out


def millis(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return round(value.timestamp() * 1000)


def year_of(ms: int | None) -> int | None:
    if ms is None:
        return None
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).year


def check(kind: str, rows: list, want: dict) -> None:
    if len(rows) != len(want):
        fail(f"{kind}: {len(rows)} rows for {len(want)} files")
    seen = set()
    for row in rows:
        key = (row["source"], row["path"])
        if key not in want:
            fail(f"{kind}: a row for {key}, which is no file")
        if key in seen:
            fail(f"{kind}: two rows for {key}")
        seen.add(key)
        w = want[key]
        if millis(row["timestamp"]) != w["timestamp"]:
            fail(f"{kind}: {key}: timestamp {row['timestamp']}, the file says {w['timestamp']}")
        if w["title"] is not None and row["title"] != w["title"]:
            fail(f"{kind}: {key}: title {row['title']!r}, the file says {w['title']!r}")
        if row["outlet"] != w["outlet"]:
            fail(f"{kind}: {key}: outlet {row['outlet']!r}, expected {w['outlet']!r}")
        if row["folder"] != w["folder"]:
            fail(f"{kind}: {key}: folder {row['folder']!r}, expected {w['folder']!r}")
        if row["id"] != w["id"]:
            fail(f"{kind}: {key}: id {row['id']}, the name says {w['id']}")
        if "year" in row and row["year"] != year_of(w["timestamp"]):
            fail(f"{kind}: {key}: partition year {row['year']}, the timestamp says otherwise")


def main() -> None:
    jsonl, dataset, *forks = sys.argv[1:]
    want = expected(forks)
    if not want:
        fail(f"no .md files under {forks}")
    glob = f"{dataset}/**/*.parquet"
    con = duckdb.connect()

    def duck_rows(rel, columns):
        # Plain Python values (no pyarrow): timestamps as epoch milliseconds.
        select = ", ".join('epoch_ms("timestamp") AS "timestamp"' if c == "timestamp" else f'"{c}"' for c in columns)
        return [dict(zip(columns, row)) for row in rel.select(select).fetchall()]

    # DuckDB: JSON Lines with its own type detection (timestamps must come
    # out as timestamps), and the dataset as one Hive-partitioned table.
    rel = con.sql(f"SELECT * FROM read_json('{jsonl}', format = 'newline_delimited')")
    types = dict(zip(rel.columns, map(str, rel.types)))
    for column in ("timestamp", "published_utc"):
        if not types[column].startswith("TIMESTAMP"):
            fail(f"duckdb jsonl: {column} is {types[column]}, not a timestamp")
    check("duckdb jsonl", duck_rows(rel, COLUMNS), want)
    rel = con.sql(f"SELECT * FROM read_parquet('{glob}', hive_partitioning = true)")
    types = dict(zip(rel.columns, map(str, rel.types)))
    if types["timestamp"] != "TIMESTAMP WITH TIME ZONE" or not types["figures"].startswith("STRUCT("):
        fail(f"duckdb parquet: unexpected types {types}")
    check("duckdb parquet", duck_rows(rel, COLUMNS + ["year"]), want)

    # Polars: the same two.
    frame = pl.read_ndjson(jsonl)
    check("polars jsonl", frame.select(COLUMNS).to_dicts(), want)
    frame = pl.scan_parquet(glob, hive_partitioning=True).collect()
    check("polars parquet", frame.select(COLUMNS + ["year"]).to_dicts(), want)
    outlets = frame.group_by("outlet").len().sort("outlet").rows()
    print(
        f"check_outputs: {len(want)} files in {len(forks)} forks; DuckDB and Polars read the "
        f"JSON Lines and the dataset alike, in agreement with the files ({outlets})"
    )


if __name__ == "__main__":
    main()

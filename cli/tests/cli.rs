//! The `newsarchive` binary run as a user would: on a real-layout tree
//! built from the corpus manifest, on zip and tar.gz downloads of it, on
//! two forks, and on the entries an archive holds beside its articles.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn bin() -> Command {
    Command::cargo_bin("newsarchive").unwrap()
}

fn sample() -> String {
    fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/sample.md"
    ))
    .unwrap()
}

fn jsonl(path: &Path) -> Vec<Value> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const CODES: &[(&str, &str)] = &[
    ("BBC", "bbc"),
    ("路透", "reuters"),
    ("金融时报", "ft"),
    ("德国之声", "dw"),
    ("法广", "rfi"),
    ("纽约时报", "nyt"),
    ("美国之音", "voa"),
    ("自由亚洲电台", "rfa"),
    ("中国数字时代", "cdt"),
];

fn code_of(folder: &str) -> String {
    CODES.iter().find(|(name, _)| *name == folder).map_or_else(
        || folder.to_ascii_lowercase(),
        |(_, code)| (*code).to_owned(),
    )
}

#[test]
fn parse_prints_one_file_every_way() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("1.md");
    fs::write(&file, sample()).unwrap();
    let article = newsarchive::parse_article(&sample());

    let out = bin()
        .arg("parse")
        .arg(&file)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success());
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["title"], article.title.as_str());

    bin()
        .args(["parse", "--markdown", "-"])
        .write_stdin(sample())
        .assert()
        .success()
        .stdout(article.to_markdown());
    bin()
        .args(["parse", "--text"])
        .arg(&file)
        .assert()
        .success()
        .stdout(article.to_text() + "\n");
    bin()
        .args(["parse", "--json", "--text"])
        .arg(&file)
        .assert()
        .code(2);

    let bad = dir.path().join("bad.md");
    fs::write(&bad, b"<!--1-->\n\xff").unwrap();
    bin()
        .arg("parse")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not UTF-8"));
    fs::write(&bad, "").unwrap();
    bin()
        .arg("parse")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not an archived article"));
    bin()
        .arg("parse")
        .arg(dir.path().join("missing.md"))
        .assert()
        .code(3);
}

#[test]
fn help_names_the_subcommands_and_exit_codes() {
    bin()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("convert").and(predicate::str::contains("stats")))
        .stdout(predicate::str::contains("Exit status"));
    bin().arg("convert").assert().code(2);
    bin()
        .args(["convert", "x", "--format", "yaml"])
        .assert()
        .code(2);
}

/// The corpus as it was in its repositories: identity columns agree with
/// the paths, headers agree with the files, and the schema file names
/// exactly the columns.
#[test]
fn the_corpus_tree_converts_with_its_identity() {
    let Some((_, files)) = common::corpus() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let forks = common::build_tree(&dir.path().join("tree"), &files);
    let out = dir.path().join("all.jsonl");
    bin()
        .arg("convert")
        .args(&forks)
        .arg("-o")
        .arg(&out)
        .arg("-q")
        .assert()
        .success();
    let rows = jsonl(&out);
    assert_eq!(rows.len(), files.len());

    let schema: Value = serde_json::from_str(
        &fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/schema/articles.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let wanted: BTreeSet<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();

    let by_key: BTreeMap<(String, String), &Value> = rows
        .iter()
        .map(|r| {
            (
                (
                    r["source"].as_str().unwrap().to_owned(),
                    r["path"].as_str().unwrap().to_owned(),
                ),
                r,
            )
        })
        .collect();
    let mut titled = 0;
    let mut legacy = 0;
    for file in &files {
        let fork = dir.path().join("tree").join(common::fork_name(&file.repo));
        let key = (fork.display().to_string(), file.original.clone());
        let row = by_key
            .get(&key)
            .unwrap_or_else(|| panic!("no row for {key:?}"));
        let keys: BTreeSet<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, wanted, "{key:?}");
        assert_eq!(row["schema_version"], 3);

        let parts: Vec<&str> = file.original.split('/').collect();
        let folder = parts[1];
        assert_eq!(row["folder"], folder);
        assert_eq!(row["outlet"], code_of(folder).as_str(), "{key:?}");
        legacy += usize::from(folder != code_of(folder));
        let name = parts[parts.len() - 1].strip_suffix(".md").unwrap();
        let (id, title) = name.split_once('_').unwrap_or((name, ""));
        assert_eq!(row["id"].as_i64(), Some(id.parse().unwrap()), "{key:?}");
        if title.is_empty() {
            assert!(row["file_title"].is_null());
        } else {
            titled += 1;
            assert_eq!(row["file_title"], title);
        }

        let bytes = fs::read(&file.stored).unwrap();
        let (ms, header_title) = common::header(&bytes);
        let ts = row["timestamp"].as_str().map(|t| {
            newsarchive::chrono::DateTime::parse_from_rfc3339(t)
                .unwrap()
                .timestamp_millis()
        });
        assert_eq!(ts, ms, "{key:?}");
        if !header_title.is_empty() {
            assert_eq!(row["title"], header_title.as_str(), "{key:?}");
        }
        assert_eq!(row["content_hash"].as_str().unwrap().len(), 64);
        // `links`, `furniture_links` and `footer_links` split the
        // article's links: the library lists the footer's last; the
        // furniture's are those its blocks hold.
        let article = newsarchive::parse_article(std::str::from_utf8(&bytes).unwrap());
        let hrefs = |column: &str| -> Vec<String> {
            row[column]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["href"].as_str().unwrap().to_owned())
                .collect()
        };
        let mut split = hrefs("links");
        split.extend(hrefs("furniture_links"));
        split.sort();
        split.extend(hrefs("footer_links"));
        let footer_count = article.footer.as_ref().map_or(0, |f| f.links.len());
        let mut all: Vec<String> = article.links.iter().map(|l| l.href.clone()).collect();
        let footer_part = all.split_off(all.len() - footer_count);
        all.sort();
        all.extend(footer_part);
        assert_eq!(split, all, "{key:?}");
        let mut held: Vec<String> = Vec::new();
        for block in &article.blocks {
            if let newsarchive::Block::Aside(aside) = block {
                for inner in &aside.blocks {
                    match inner {
                        newsarchive::Block::Paragraph(p) => {
                            held.extend(p.links.iter().map(|l| l.href.clone()))
                        }
                        newsarchive::Block::Heading(h) => {
                            held.extend(h.links.iter().map(|l| l.href.clone()))
                        }
                        newsarchive::Block::List(l) => held.extend(
                            l.items
                                .iter()
                                .flat_map(|i| i.links.iter().map(|l| l.href.clone())),
                        ),
                        newsarchive::Block::Quote(q) => held.extend(
                            q.paragraphs
                                .iter()
                                .flat_map(|p| p.links.iter().map(|l| l.href.clone())),
                        ),
                        _ => {}
                    }
                }
            }
        }
        assert_eq!(hrefs("furniture_links"), held, "{key:?}");
        let kinds: Vec<&str> = article
            .blocks
            .iter()
            .filter_map(|b| match b {
                newsarchive::Block::Aside(a) => Some(a.kind.name()),
                _ => None,
            })
            .collect();
        let furniture: Vec<&str> = row["furniture"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["kind"].as_str().unwrap())
            .collect();
        assert_eq!(furniture, kinds, "{key:?}");
        let footer: Vec<String> = article
            .footer
            .iter()
            .flat_map(|f| f.links.iter().map(|l| l.href.clone()))
            .collect();
        assert_eq!(hrefs("footer_links"), footer, "{key:?}");
        // Nulls, never empty strings.
        for (column, value) in row.as_object().unwrap() {
            assert_ne!(value.as_str(), Some(""), "{key:?}: {column} is empty");
        }
    }
    assert!(titled > 0, "the manifest has title-suffixed names");
    assert!(legacy > 0, "the manifest has 2020 folder names");

    // CSV: the header is the columns less blocks, one record per row.
    let csv = dir.path().join("all.csv");
    bin()
        .arg("convert")
        .args(&forks)
        .args(["-f", "csv", "-q", "-o"])
        .arg(&csv)
        .assert()
        .success();
    let text = fs::read_to_string(&csv).unwrap();
    let header: BTreeSet<&str> = text.lines().next().unwrap().split(',').collect();
    let mut without_blocks = wanted.clone();
    without_blocks.remove("blocks");
    assert_eq!(header, without_blocks);
}

/// A fork as a folder, a zip and a tar.gz download gives the same rows;
/// together they are three copies of each item, which --dedup makes one.
#[test]
fn downloads_read_like_folders_and_dedup_drops_fork_copies() {
    let Some((_, files)) = common::corpus() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let forks = common::build_tree(&dir.path().join("tree"), &files);
    let fork = &forks[0];
    let zip = dir.path().join("news-master.zip");
    let tgz = dir.path().join("news-master.tar.gz");
    common::zip_of(fork, "news-master", &zip);
    common::tar_gz_of(fork, "news-master", &tgz);

    let strip = |rows: Vec<Value>| -> Vec<Value> {
        rows.into_iter()
            .map(|mut r| {
                r.as_object_mut().unwrap().remove("source");
                r
            })
            .collect()
    };
    let mut outputs = Vec::new();
    for (i, input) in [fork.as_path(), zip.as_path(), tgz.as_path()]
        .iter()
        .enumerate()
    {
        let out = dir.path().join(format!("{i}.jsonl"));
        let errors = dir.path().join(format!("{i}.errors"));
        bin()
            .arg("convert")
            .arg(input)
            .arg("-o")
            .arg(&out)
            .arg("--errors")
            .arg(&errors)
            .arg("-q")
            .assert()
            .success();
        outputs.push(strip(jsonl(&out)));
        if i > 0 {
            // The README beside articles/ is listed, not converted.
            let lines = jsonl(&errors);
            assert_eq!(lines.len(), 1, "{lines:?}");
            assert_eq!(lines[0]["reason"], "outside_articles");
            assert_eq!(lines[0]["path"], "news-master/README.md");
        }
    }
    assert!(!outputs[0].is_empty());
    assert_eq!(outputs[0], outputs[1], "folder and zip differ");
    assert_eq!(outputs[0], outputs[2], "folder and tar.gz differ");

    let out = dir.path().join("dedup.jsonl");
    bin()
        .arg("convert")
        .args([fork.as_path(), zip.as_path(), tgz.as_path()])
        .arg("--dedup")
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "duplicates {} (dropped {})",
            2 * outputs[0].len(),
            2 * outputs[0].len()
        )));
    let rows = jsonl(&out);
    assert_eq!(rows.len(), outputs[0].len());
    assert!(
        rows.iter()
            .all(|r| r["source"] == fork.display().to_string().as_str())
    );

    let stats = bin()
        .arg("stats")
        .arg("--json")
        .args([fork.as_path(), zip.as_path()])
        .output()
        .unwrap();
    assert!(stats.status.success());
    let stats: Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["duplicates"], outputs[0].len());
    assert_eq!(stats["articles"], 2 * outputs[0].len());
}

/// Shards split the entries by path: every entry in exactly one, the same
/// way whichever input holds it.
#[test]
fn shards_partition_the_archive() {
    let Some((_, files)) = common::corpus() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let forks = common::build_tree(&dir.path().join("tree"), &files);
    let mut seen = BTreeSet::new();
    let mut total = 0;
    for k in 1..=3 {
        let out = dir.path().join(format!("{k}.jsonl"));
        bin()
            .arg("convert")
            .args(&forks)
            .arg("--shard")
            .arg(format!("{k}/3"))
            .arg("-q")
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        for row in jsonl(&out) {
            total += 1;
            seen.insert((
                row["source"].as_str().unwrap().to_owned(),
                row["path"].as_str().unwrap().to_owned(),
            ));
        }
    }
    assert_eq!(total, files.len());
    assert_eq!(seen.len(), files.len());
    bin()
        .arg("convert")
        .args(&forks)
        .args(["--shard", "4/3"])
        .assert()
        .code(2);
}

/// Parquet: row groups of the size asked for, and a Hive-style dataset
/// whose files hold every row once.
#[test]
fn parquet_row_groups_and_partitions() {
    let Some((_, files)) = common::corpus() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let forks = common::build_tree(&dir.path().join("tree"), &files);
    let file = dir.path().join("a.parquet");
    bin()
        .arg("convert")
        .args(&forks)
        .args(["-f", "parquet", "--row-group-size", "50", "-q", "-o"])
        .arg(&file)
        .assert()
        .success();
    let reader =
        parquet::file::reader::SerializedFileReader::new(fs::File::open(&file).unwrap()).unwrap();
    use parquet::file::reader::FileReader;
    let meta = reader.metadata();
    assert_eq!(meta.file_metadata().num_rows() as usize, files.len());
    assert_eq!(meta.num_row_groups(), files.len().div_ceil(50));
    assert!(meta.row_groups().iter().all(|g| g.num_rows() <= 50));
    let kv = meta.file_metadata().key_value_metadata().unwrap();
    assert!(
        kv.iter()
            .any(|k| k.key == "newsarchive.schema_version" && k.value.as_deref() == Some("3"))
    );

    let dataset = dir.path().join("ds");
    bin()
        .arg("convert")
        .args(&forks)
        .args(["-f", "parquet", "--partition-by", "outlet,year", "-q", "-o"])
        .arg(&dataset)
        .assert()
        .success();
    let mut rows = 0;
    let mut outlets = BTreeSet::new();
    for entry in walkdir::WalkDir::new(&dataset) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&dataset).unwrap();
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        assert_eq!(parts.len(), 3, "{rel:?}");
        assert!(parts[0].starts_with("outlet="), "{rel:?}");
        assert!(parts[1].starts_with("year="), "{rel:?}");
        assert!(parts[2].starts_with("part-") && parts[2].ends_with(".parquet"));
        outlets.insert(parts[0].clone());
        let reader =
            parquet::file::reader::SerializedFileReader::new(fs::File::open(entry.path()).unwrap())
                .unwrap();
        let schema = reader.metadata().file_metadata().schema_descr();
        assert!(schema.columns().iter().all(|c| c.name() != "outlet"));
        rows += reader.metadata().file_metadata().num_rows() as usize;
    }
    assert_eq!(rows, files.len());
    assert!(outlets.contains("outlet=voa") && outlets.contains("outlet=bbc"));

    // Not again without --force; with it, the dataset is replaced.
    let again = || {
        let mut cmd = bin();
        cmd.arg("convert")
            .args(&forks)
            .args(["-f", "parquet", "--partition-by", "outlet", "-q", "-o"])
            .arg(&dataset);
        cmd
    };
    again().assert().code(2);
    again().arg("--force").assert().success();
    assert!(!dataset.join("outlet=voa").join("year=2023").exists());
}

/// Markdown and text mirror the paths; several inputs go to numbered
/// folders so forks never meet.
#[test]
fn markdown_and_text_mirror_the_tree() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("a");
    fs::create_dir_all(root.join("articles/美国之音")).unwrap();
    fs::write(root.join("articles/美国之音/7_标题.md"), sample()).unwrap();
    let md = dir.path().join("md");
    bin()
        .arg("convert")
        .arg(&root)
        .args(["-f", "markdown", "-q", "-o"])
        .arg(&md)
        .assert()
        .success();
    let article = newsarchive::parse_article(&sample());
    assert_eq!(
        fs::read_to_string(md.join("articles/美国之音/7_标题.md")).unwrap(),
        article.to_markdown()
    );
    let txt = dir.path().join("txt");
    bin()
        .arg("convert")
        .arg(&root)
        .arg(root.join("articles/美国之音"))
        .args(["-f", "text", "-q", "-o"])
        .arg(&txt)
        .assert()
        .success();
    for n in ["1", "2"] {
        assert_eq!(
            fs::read_to_string(txt.join(n).join("articles/美国之音/7_标题.txt")).unwrap(),
            article.to_text()
        );
    }
    // A folder this tool did not make is never cleared, even with --force.
    let other = dir.path().join("other");
    fs::create_dir_all(&other).unwrap();
    fs::write(other.join("keep.txt"), "mine").unwrap();
    bin()
        .arg("convert")
        .arg(&root)
        .args(["-f", "text", "--force", "-o"])
        .arg(&other)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not made by newsarchive"));
    assert!(other.join("keep.txt").exists());
}

/// What an archive holds beside its articles is counted by reason and
/// listed; a file that fails makes the exit status 1.
#[cfg(unix)]
#[test]
fn skipped_entries_are_counted_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("news");
    let voa = root.join("articles/voa");
    fs::create_dir_all(&voa).unwrap();
    fs::write(voa.join("1.md"), sample()).unwrap();
    fs::write(voa.join("README.MD"), "# voa\n").unwrap();
    fs::write(voa.join("notes.txt"), "x").unwrap();
    fs::write(voa.join("2.md"), b"<!--1-->\n[t](https://a.example/)\n\xff").unwrap();
    fs::write(voa.join("3.md"), "").unwrap();
    let status = StdCommand::new("mkfifo")
        .arg(voa.join("4.md"))
        .status()
        .unwrap();
    assert!(status.success());
    std::os::unix::fs::symlink(&voa, voa.join("loop")).unwrap();
    std::os::unix::fs::symlink(voa.join("1.md"), voa.join("5.md")).unwrap();

    let errors = dir.path().join("errors.jsonl");
    let out = dir.path().join("out.jsonl");
    let run = |follow: bool| {
        let _ = fs::remove_file(&out);
        let _ = fs::remove_file(&errors);
        let mut cmd = bin();
        cmd.arg("convert")
            .arg(&voa)
            .arg("-o")
            .arg(&out)
            .arg("--errors")
            .arg(&errors);
        if follow {
            cmd.arg("--follow-symlinks");
        }
        let output = cmd.output().unwrap();
        let reasons: BTreeMap<String, String> = jsonl(&errors)
            .into_iter()
            .map(|l| {
                (
                    l["path"].as_str().unwrap().to_owned(),
                    l["reason"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        (output, reasons)
    };

    let (output, reasons) = run(false);
    assert_eq!(output.status.code(), Some(1));
    let want: BTreeMap<String, String> = [
        ("articles/voa/2.md", "not_utf8"),
        ("articles/voa/3.md", "not_an_article"),
        ("articles/voa/4.md", "not_regular_file"),
        ("articles/voa/5.md", "symlink"),
        ("articles/voa/README.MD", "readme"),
        ("articles/voa/loop", "symlink"),
        ("articles/voa/notes.txt", "not_markdown"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_owned(), b.to_owned()))
    .collect();
    assert_eq!(reasons, want);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not_utf8 1"), "{stderr}");
    let rows = jsonl(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["path"], "articles/voa/1.md");
    assert_eq!(rows[0]["id"], 1);

    // Followed: the link to a file is an article, the loop is caught.
    let (output, reasons) = run(true);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        reasons.get("articles/voa/loop").map(String::as_str),
        Some("symlink_loop"),
        "{reasons:?}"
    );
    assert!(!reasons.contains_key("articles/voa/5.md"));
    assert_eq!(jsonl(&out).len(), 2);

    // Only the good file: success.
    bin()
        .arg("convert")
        .arg(voa.join("1.md"))
        .arg("-q")
        .assert()
        .success()
        .stdout(predicate::str::contains("\"path\":\"articles/voa/1.md\""));
}

/// Outputs never overwrite silently, never land inside an input, and
/// never hold one.
#[test]
fn outputs_are_refused_where_they_would_do_harm() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("news");
    fs::create_dir_all(root.join("articles/dw")).unwrap();
    fs::write(root.join("articles/dw/1.md"), sample()).unwrap();

    bin()
        .arg("convert")
        .arg(&root)
        .arg("-o")
        .arg(root.join("articles/out.jsonl"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("inside the input"));
    bin()
        .arg("convert")
        .arg(root.join("articles"))
        .args(["-f", "markdown", "-o"])
        .arg(&root)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("inside the output"));

    let out = dir.path().join("out.jsonl");
    fs::write(&out, "precious").unwrap();
    bin()
        .arg("convert")
        .arg(&root)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(fs::read_to_string(&out).unwrap(), "precious");
    bin()
        .arg("convert")
        .arg(&root)
        .arg("-o")
        .arg(&out)
        .arg("--force")
        .arg("-q")
        .assert()
        .success();
    assert_eq!(jsonl(&out).len(), 1);

    bin()
        .arg("convert")
        .arg(&root)
        .arg("-o")
        .arg(&out)
        .arg("--errors")
        .arg(&out)
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the output too"));
    assert_eq!(jsonl(&out).len(), 1);
    bin()
        .arg("convert")
        .arg(dir.path().join("missing"))
        .assert()
        .code(3);
    bin()
        .arg("convert")
        .arg(&root)
        .args(["-f", "parquet"])
        .assert()
        .code(2);
}

/// A reader that stops early (`| head`) ends the run quietly.
#[test]
fn a_closed_pipe_is_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let voa = dir.path().join("articles/voa");
    fs::create_dir_all(&voa).unwrap();
    let sample = sample();
    for i in 0..600 {
        fs::write(voa.join(format!("{i}.md")), &sample).unwrap();
    }
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("newsarchive"))
        .arg("convert")
        .arg(dir.path())
        .arg("-q")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 100];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

/// The path is the same whichever folder of the archive was passed, even
/// when the clone itself sits in a folder named `articles`.
#[test]
fn paths_are_from_the_archive_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("articles").join("news");
    let voa = root.join("articles/voa/2025/02");
    fs::create_dir_all(&voa).unwrap();
    fs::write(voa.join("1038000_标题.md"), sample()).unwrap();
    let inputs = [
        root.clone(),
        root.join("articles"),
        root.join("articles/voa"),
        voa.clone(),
        voa.join("1038000_标题.md"),
    ];
    for input in inputs {
        let out = bin().arg("convert").arg(&input).arg("-q").output().unwrap();
        assert!(out.status.success(), "{input:?}");
        let row: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            row["path"], "articles/voa/2025/02/1038000_标题.md",
            "{input:?}"
        );
        assert_eq!(row["outlet"], "voa");
        assert_eq!(row["id"], 1038000);
        assert_eq!(row["file_title"], "标题");
        assert_eq!(row["source"], input.display().to_string().as_str());
    }
}

/// The same item copied with CRLF line endings in another fork has the
/// same content hash: --dedup keeps one.
#[test]
fn a_crlf_copy_is_the_same_item() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a/articles/voa");
    let b = dir.path().join("b/articles/美国之音");
    fs::create_dir_all(&a).unwrap();
    fs::create_dir_all(&b).unwrap();
    let sample = sample();
    fs::write(a.join("1.md"), &sample).unwrap();
    fs::write(b.join("2.md"), sample.replace('\n', "\r\n")).unwrap();
    let out = bin()
        .arg("convert")
        .arg(dir.path().join("a"))
        .arg(dir.path().join("b"))
        .arg("-q")
        .output()
        .unwrap();
    let rows: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["content_hash"], rows[1]["content_hash"]);
    assert_ne!(rows[0]["warnings"], rows[1]["warnings"]);
    let out = bin()
        .arg("convert")
        .arg(dir.path().join("a"))
        .arg(dir.path().join("b"))
        .args(["-q", "--dedup"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
}

/// Two names that differ only in bytes that are not UTF-8 stay two paths,
/// and two Markdown files.
#[cfg(target_os = "linux")]
#[test]
fn non_utf8_names_never_collide() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let voa = dir.path().join("news/articles/voa");
    fs::create_dir_all(&voa).unwrap();
    for name in [&b"1_\xff.md"[..], &b"1_\xfe.md"[..]] {
        fs::write(voa.join(std::ffi::OsStr::from_bytes(name)), sample()).unwrap();
    }
    let out = bin()
        .arg("convert")
        .arg(dir.path().join("news"))
        .arg("-q")
        .output()
        .unwrap();
    assert!(out.status.success());
    let paths: BTreeSet<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let want: BTreeSet<String> = ["articles/voa/1_%FE.md", "articles/voa/1_%FF.md"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(paths, want);
    let md = dir.path().join("md");
    bin()
        .arg("convert")
        .arg(dir.path().join("news"))
        .args(["-f", "markdown", "-q", "-o"])
        .arg(&md)
        .assert()
        .success();
    assert_eq!(fs::read_dir(md.join("articles/voa")).unwrap().count(), 2);
}

/// Paths listed on stdin read like the folder that holds them; a listed
/// path that is missing fails alone.
#[test]
fn paths_listed_on_stdin_are_one_input() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("news");
    for (folder, name) in [("BBC", "1_a b.md"), ("dw", "2.md"), ("dw", "README.md")] {
        fs::create_dir_all(root.join("articles").join(folder)).unwrap();
        fs::write(root.join("articles").join(folder).join(name), sample()).unwrap();
    }
    let list = format!(
        "{}\n{}\r\n{}\n\n{}\n",
        root.join("articles/BBC/1_a b.md").display(),
        root.join("articles/dw").display(),
        dir.path().join("missing.md").display(),
        root.join("articles/dw/README.md").display(),
    );
    let errors = dir.path().join("errors.jsonl");
    let out = bin()
        .args(["convert", "--files-from", "-", "-q", "--errors"])
        .arg(&errors)
        .write_stdin(list)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let rows: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let paths: Vec<&str> = rows.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["articles/BBC/1_a b.md", "articles/dw/2.md"]);
    assert!(rows.iter().all(|r| r["source"] == "stdin"));
    assert_eq!(rows[0]["outlet"], "bbc");
    assert_eq!(rows[0]["file_title"], "a b");
    let reasons: Vec<String> = jsonl(&errors)
        .iter()
        .map(|l| l["reason"].as_str().unwrap().to_owned())
        .collect();
    // README.md is in the listed folder and listed itself: skipped twice.
    assert_eq!(reasons, ["readme", "unreadable", "readme"]);
}

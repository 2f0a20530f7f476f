//! `examples/parse` on bad files: one line naming the file and the
//! problem, exit status 1, never a panic. `cargo test` builds the
//! examples; this runs the built binary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

fn example_named(name: &str) -> Option<PathBuf> {
    // target/<profile>/deps/example_cli-… → target/<profile>/examples/<name>
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?.parent()?.join("examples");
    let bin = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    bin.is_file().then_some(bin)
}

fn example() -> Option<PathBuf> {
    example_named("parse")
}

fn run(args: &[&str]) -> (i32, String, String) {
    run_example(example().unwrap(), args)
}

fn run_example(bin: PathBuf, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(bin).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_files_get_one_line_and_a_failure_status() {
    if example().is_none() {
        eprintln!("example_cli skipped: examples/parse is not built");
        return;
    }
    let dir = std::env::temp_dir().join(format!("newsarchive-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.md");
    std::fs::write(&empty, "").unwrap();
    let binary = dir.join("binary.md");
    std::fs::write(&binary, b"<!--1-->\n\xff\xfe").unwrap();
    let truncated = dir.join("truncated.md");
    std::fs::write(&truncated, "<!--1677087543000-->\n[截断的标").unwrap();
    let missing = dir.join("missing.md");

    let cases = [
        (missing.clone(), "No such file"),
        (dir.clone(), "directory"),
        (empty.clone(), "empty input"),
        (binary.clone(), "not UTF-8"),
        (truncated.clone(), "not an archived article"),
    ];
    for (path, problem) in cases {
        let path = path.to_str().unwrap();
        let (code, stdout, stderr) = run(&[path]);
        assert_eq!(code, 1, "{path}: {stderr}");
        assert!(stdout.is_empty(), "{path}: {stdout}");
        assert_eq!(stderr.lines().count(), 1, "{path}: {stderr}");
        assert!(stderr.starts_with(&format!("parse: {path}: ")), "{stderr}");
        assert!(stderr.contains(problem), "{path}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_bundled_sample_parses() {
    if example().is_none() {
        return;
    }
    let (code, stdout, _) = run(&[]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("published: 2023-11-14T22:05:31Z"),
        "{stdout}"
    );
    let (code, json, _) = run(&["--json"]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    for key in [
        "timestamp",
        "title",
        "url",
        "published",
        "byline",
        "blocks",
        "links",
        "warnings",
    ] {
        assert!(value.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(value["blocks"][0]["type"], "figure");
}

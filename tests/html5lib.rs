//! The html5lib tree-construction suite (`tree-construction/*.dat`, MIT)
//! as a corpus of hostile and misnested markup: every test's `#data`, as
//! the body of a well-formed archive file, must keep the invariants every
//! input keeps.
//!
//! 1. `parse_article` does not panic.
//! 2. The fixed header is read as written: no warning but those a body
//!    can cause.
//! 3. Nothing is lost: every character of the body's text is in the
//!    article exactly once (`common::nothing_lost`).
//! 4. The strict parse succeeds, with the same article, exactly when the
//!    lenient one has no warnings.
//! 5. `parse_article(&article.to_archive())` gives the article back, every
//!    field but the warnings (`round-trip`), and a file read without
//!    warnings writes one that reads without warnings
//!    (`round-trip-warnings`), as `tests/roundtrip.rs` checks both.
//!
//! Every case runs; the failures are collected, all of them, and reported
//! together at the end, with a summary line.
//!
//! `#document-fragment` cases are run too, as bodies: their `#data` was
//! written for a context element (a `<td>`, an `<svg>`…), but an article
//! body is any markup at all, and the invariants hold for every input.
//! `#script-on` cases likewise (the crate parses with scripting off). The
//! suite's expected trees (`#document`) are not compared: they describe a
//! whole document, and the crate keeps only the story.
//!
//! The folder is `../shared/html5lib-tests` beside the repository, or
//! `$NEWSARCHIVE_HTML5LIB`; the test says it skipped when it is absent,
//! and fails when `CI` is set.
//!
//! `cargo test --test html5lib -- --nocapture` prints the summary of a
//! passing run.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::cell::{Cell, RefCell};
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

use common::{body_of, first_difference, nested_link_exception, nothing_lost};
use newsarchive::{Article, Options, Warning, parse_article};

const HEADER: &str = "<!--1677087543000-->\n[t](https://outlet.example/a/1.html)\n------\n\n";

/// One test of a `.dat` file.
struct Case {
    file: String,
    /// 1-based, in its file.
    index: usize,
    /// The line of its `#data`.
    line: usize,
    data: String,
    fragment: bool,
}

/// The sections a `.dat` file's tests are made of. A line that is exactly
/// one of these starts a section; any other line belongs to the section
/// before it, so a `#` in the data cannot end it.
const SECTIONS: &[&str] = &[
    "#data",
    "#errors",
    "#new-errors",
    "#document-fragment",
    "#script-off",
    "#script-on",
    "#document",
];

/// The tests of one `.dat` file, each with its `#data`: the lines between
/// `#data` and the next section, the final newline removed (as
/// html5lib's own runners read them).
fn cases(file: &str, text: &str) -> Vec<Case> {
    let mut out: Vec<Case> = Vec::new();
    let mut in_data = false;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.strip_suffix('\n').unwrap_or(line);
        if SECTIONS.contains(&bare) {
            if in_data && let Some(case) = out.last_mut() {
                trim_newline(&mut case.data);
            }
            in_data = bare == "#data";
            if in_data {
                out.push(Case {
                    file: file.to_owned(),
                    index: out.len() + 1,
                    line: n + 1,
                    data: String::new(),
                    fragment: false,
                });
            } else if bare == "#document-fragment"
                && let Some(case) = out.last_mut()
            {
                case.fragment = true;
            }
        } else if in_data && let Some(case) = out.last_mut() {
            case.data.push_str(line);
        }
    }
    // A file that ends inside a `#data` (none does).
    if in_data && let Some(case) = out.last_mut() {
        trim_newline(&mut case.data);
    }
    out
}

fn trim_newline(data: &mut String) {
    if data.ends_with('\n') {
        data.pop();
    }
}

/// The suite, when present: `NEWSARCHIVE_HTML5LIB`, else
/// `../shared/html5lib-tests` beside the repository.
fn suite_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("NEWSARCHIVE_HTML5LIB")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/html5lib-tests"));
    dir.is_dir().then_some(dir)
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Check {
    Panic,
    Header,
    NothingLost,
    Strict,
    RoundTrip,
    RoundTripWarnings,
}

impl Check {
    const ALL: [Check; 6] = [
        Check::Panic,
        Check::Header,
        Check::NothingLost,
        Check::Strict,
        Check::RoundTrip,
        Check::RoundTripWarnings,
    ];
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Check::Panic => "panic",
            Check::Header => "header",
            Check::NothingLost => "nothing-lost",
            Check::Strict => "strict",
            Check::RoundTrip => "round-trip",
            Check::RoundTripWarnings => "round-trip-warnings",
        })
    }
}

struct Failure<'a> {
    case: &'a Case,
    check: Check,
    message: String,
}

impl fmt::Display for Failure<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.case;
        writeln!(
            f,
            "[{}] {} case {} (line {}){}",
            self.check,
            c.file,
            c.index,
            c.line,
            if c.fragment { ", a fragment" } else { "" }
        )?;
        writeln!(f, "  #data: {:?}", c.data)?;
        for line in self.message.trim_end().lines() {
            writeln!(f, "  {line}")?;
        }
        Ok(())
    }
}

thread_local! {
    /// Whether `no_panic` is running on this thread, and the message and
    /// place of the panic it caught.
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Run `f`; a panic becomes its message and place, kept for the report
/// rather than printed. Panics elsewhere (a failing test) go to the
/// default hook as usual.
fn no_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default_hook = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !CATCHING.get() {
                return default_hook(info);
            }
            let place = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".to_owned());
            LAST_PANIC.set(format!("{message}{place}"));
        }));
    });
    CATCHING.set(true);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.set(false);
    result.map_err(|_| LAST_PANIC.take())
}

/// Whether a warning can come from a body under a well-formed header.
/// `UndatedBody`, `UnreadableDate` and `GluedTag` are the ones the `parse`
/// fuzz target lets through; the limits are about the body too (and keep
/// its text), and an empty body is reported as missing.
fn body_warning(warning: &Warning, data: &str) -> bool {
    match warning {
        Warning::UndatedBody { .. }
        | Warning::UnreadableDate { .. }
        | Warning::GluedTag { .. }
        | Warning::NestingLimit { .. }
        | Warning::AttributeLimit { .. }
        | Warning::ResolutionLimit { .. } => true,
        Warning::MissingBody => data.trim().is_empty(),
        _ => false,
    }
}

/// Every field but the warnings, which describe the file read.
fn strip(a: &Article) -> Article {
    Article {
        warnings: Vec::new(),
        ..a.clone()
    }
}

/// Every check on one case; what failed, with why.
fn check(data: &str) -> Vec<(Check, String)> {
    let input = format!("{HEADER}{data}");
    let mut failed = Vec::new();

    let article = match no_panic(|| parse_article(&input)) {
        Ok(article) => article,
        Err(panic) => return vec![(Check::Panic, format!("parse_article: {panic}"))],
    };

    let header_warnings: Vec<&Warning> = article
        .warnings
        .iter()
        .filter(|w| !body_warning(w, data))
        .collect();
    if header_warnings.is_empty() {
        match no_panic(|| nothing_lost(body_of(&input), &article)) {
            Ok(Ok(())) => {}
            Ok(Err(diff)) => failed.push((Check::NothingLost, diff)),
            Err(panic) => failed.push((Check::NothingLost, format!("panicked: {panic}"))),
        }
    } else {
        // The nothing-lost count needs the body where the header says it
        // is: not checked when the header was misread.
        failed.push((
            Check::Header,
            format!("header warnings under a well-formed header: {header_warnings:?}"),
        ));
    }

    match no_panic(|| Options::new().parse_strict(&input)) {
        Err(panic) => failed.push((Check::Strict, format!("strict parse panicked: {panic}"))),
        Ok(Ok(strict)) if !article.warnings.is_empty() => failed.push((
            Check::Strict,
            format!(
                "strict parse succeeded, but the lenient one warned {:?}{}",
                article.warnings,
                if strict == article {
                    String::new()
                } else {
                    format!(
                        "\nand the articles differ: {}",
                        first_difference(&article, &strict)
                    )
                }
            ),
        )),
        Ok(Ok(strict)) if strict != article => failed.push((
            Check::Strict,
            format!(
                "the strict article differs from the lenient one: {}",
                first_difference(&article, &strict)
            ),
        )),
        Ok(Ok(_)) => {}
        Ok(Err(error)) if article.warnings.is_empty() => failed.push((
            Check::Strict,
            format!("strict parse failed ({error}), but the lenient one has no warnings"),
        )),
        Ok(Err(_)) => {}
    }

    match no_panic(|| {
        let written = article.to_archive();
        let back = parse_article(&written);
        (written, back)
    }) {
        Err(panic) => failed.push((Check::RoundTrip, format!("panicked: {panic}"))),
        Ok((written, back)) => {
            let written_body = body_of(&written);
            if strip(&back) != strip(&article) && !nested_link_exception(&article) {
                failed.push((
                    Check::RoundTrip,
                    format!(
                        "the written file reads back differently\nwritten body: {written_body:?}\nfirst difference: {}",
                        first_difference(&article, &back)
                    ),
                ));
            } else if article.warnings.is_empty() && !back.warnings.is_empty() {
                failed.push((
                    Check::RoundTripWarnings,
                    format!(
                        "the written file has warnings {:?}\nwritten body: {written_body:?}",
                        back.warnings
                    ),
                ));
            }
        }
    }
    failed
}

#[test]
fn every_html5lib_tree_construction_input() {
    let Some(dir) = suite_dir() else {
        // Under CI the suite is part of the set-up: its absence is a
        // failure, not a pass.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but there is no ../shared/html5lib-tests (nor NEWSARCHIVE_HTML5LIB)"
        );
        eprintln!(
            "html5lib test skipped: no ../shared/html5lib-tests and NEWSARCHIVE_HTML5LIB not set"
        );
        return;
    };
    // The tree-construction tests, and the `scripted` ones beneath them.
    let files = common::files_with_extension(&dir, "dat");
    assert!(!files.is_empty(), "no .dat files under {}", dir.display());
    let all: Vec<Case> = files
        .iter()
        .flat_map(|path| {
            // Lossy: the suite is UTF-8, but a stray byte should cost one
            // character, not the file.
            let bytes = std::fs::read(path).unwrap();
            let name = path
                .strip_prefix(&dir)
                .unwrap_or(path)
                .display()
                .to_string();
            cases(&name, &String::from_utf8_lossy(&bytes))
        })
        .collect();
    assert!(!all.is_empty(), "no #data under {}", dir.display());

    let failures: Vec<Failure> = all
        .iter()
        .flat_map(|case| {
            check(&case.data)
                .into_iter()
                .map(move |(check, message)| Failure {
                    case,
                    check,
                    message,
                })
        })
        .collect();

    let count = |check: Check| failures.iter().filter(|f| f.check == check).count();
    let mut failing_cases: Vec<(&str, usize)> = failures
        .iter()
        .map(|f| (f.case.file.as_str(), f.case.index))
        .collect();
    failing_cases.dedup();
    let summary = format!(
        "html5lib: {} files, {} cases run ({} fragments), {} failing cases; failures: {}",
        files.len(),
        all.len(),
        all.iter().filter(|c| c.fragment).count(),
        failing_cases.len(),
        Check::ALL
            .iter()
            .map(|&c| format!("{c} {}", count(c)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("{summary}");
    let mut sorted: Vec<&Failure> = failures.iter().collect();
    sorted.sort_by_key(|f| f.check);
    let report: String = sorted.iter().map(|f| format!("{f}\n")).collect();
    assert!(failures.is_empty(), "{summary}\n\n{report}{summary}");
}

#[test]
fn dat_sections_are_read_as_html5lib_reads_them() {
    let text = "#data\n<p>One\n#x\n#errors\n(1,3): expected-doctype\n#document\n| <html>\n\n\
                #data\n\n#errors\n#document-fragment\ntd\n#document\n| \"\"\n\n\
                #data\na\n\nb\n\n#errors\n";
    let got: Vec<(usize, usize, String, bool)> = cases("x.dat", text)
        .into_iter()
        .map(|c| (c.index, c.line, c.data, c.fragment))
        .collect();
    assert_eq!(
        got,
        [
            (1, 1, "<p>One\n#x".to_owned(), false),
            (2, 9, String::new(), true),
            (3, 17, "a\n\nb\n".to_owned(), false),
        ]
    );
}

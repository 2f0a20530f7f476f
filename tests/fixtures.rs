//! Golden files: each `tests/fixtures/<name>.md` (our own text in the real
//! structure of one outlet) is parsed and compared with `<name>.json`
//! beside it. `UPDATE_GOLDEN=1 cargo test --all-features --test fixtures`
//! rewrites the JSON; review the diff before committing it.

#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{body_of, markdown_files, nothing_lost};
use newsarchive::{Options, parse_article};

#[test]
fn fixtures_match_their_golden_json() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let files = markdown_files(&dir);
    assert!(
        files.len() >= 10,
        "expected the outlet fixtures under {}",
        dir.display()
    );
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for md in &files {
        let input = std::fs::read_to_string(md).unwrap();
        let article = parse_article(&input);
        let json = serde_json::to_string_pretty(&article).unwrap() + "\n";
        let golden = md.with_extension("json");
        if update {
            std::fs::write(&golden, &json).unwrap();
        } else {
            match std::fs::read_to_string(&golden) {
                Ok(want) if want == json => {}
                Ok(_) => failures.push(format!(
                    "{}: output differs from {} (UPDATE_GOLDEN=1 to rewrite, then review the diff)",
                    md.display(),
                    golden.display()
                )),
                Err(e) => failures.push(format!("{}: {e}", golden.display())),
            }
        }
        // The JSON reads back into the same article.
        let back: newsarchive::Article = serde_json::from_str(&json).unwrap();
        assert_eq!(back, article, "{}: JSON round trip", md.display());
        if let Err(diff) = nothing_lost(body_of(&input), &article) {
            failures.push(format!(
                "{}: nothing-lost invariant broken:\n{diff}",
                md.display()
            ));
        }
        // Strict succeeds exactly when the lenient parse has no warnings,
        // and then gives the same article.
        match Options::new().parse_strict(&input) {
            Ok(strict) => assert_eq!(strict, article, "{}", md.display()),
            Err(e) => assert!(!article.warnings.is_empty(), "{}: {e}", md.display()),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

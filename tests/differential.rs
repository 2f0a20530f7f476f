//! The production tree (html5gum's tokens into html5ever's tree builder,
//! filtered, in the crate's arena) against the reference tree (html5ever's
//! own tokenizer building `markup5ever_rcdom`): the same `Article` from
//! both, on every fixture and every corpus file. The property tests do the
//! same on generated bodies and on markup soup.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{corpus_dir, markdown_files};
use newsarchive::{__parse_article_reference, parse_article};

#[test]
fn fixtures_and_corpus_agree_with_the_reference_tree() {
    let mut files = markdown_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"));
    files.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sample.md"));
    match corpus_dir() {
        Some(dir) => files.extend(markdown_files(&dir)),
        None => eprintln!("differential: no corpus, fixtures only"),
    }
    assert!(files.len() > 10);
    for path in &files {
        let input = std::fs::read_to_string(path).unwrap();
        assert_eq!(
            parse_article(&input),
            __parse_article_reference(&input),
            "{}",
            path.display()
        );
    }
}

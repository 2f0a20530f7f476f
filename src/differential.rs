//! The production tree (html5gum's tokens into html5ever's tree builder,
//! filtered, in the crate's arena) against the reference tree (html5ever's
//! own tokenizer building `markup5ever_rcdom`): the same `Article` from
//! both, on every fixture and corpus file, on any text, on markup soup and
//! on generated articles. Inside the crate, so the reference path is no
//! public item.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/generate/mod.rs"]
mod generate;

use std::path::Path;

use proptest::prelude::*;

use crate::options::parse_article_reference;
use crate::parse_article;

#[test]
fn fixtures_and_corpus_agree_with_the_reference_tree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = common::markdown_files(&root.join("tests/fixtures"));
    files.push(root.join("examples/sample.md"));
    match common::corpus_dir() {
        Some(dir) => files.extend(common::markdown_files(&dir)),
        None => eprintln!("differential: no corpus, fixtures only"),
    }
    assert!(files.len() > 10);
    for path in &files {
        let input = std::fs::read_to_string(path).unwrap();
        assert_eq!(
            parse_article(&input),
            parse_article_reference(&input),
            "{}",
            path.display()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::proptest_cases()))]

    #[test]
    fn any_text(input in ".*") {
        prop_assert_eq!(parse_article(&input), parse_article_reference(&input));
    }

    #[test]
    fn markup_soup(input in generate::soup()) {
        prop_assert_eq!(parse_article(&input), parse_article_reference(&input), "input: {:?}", input);
    }

    #[test]
    fn generated_articles((input, ..) in generate::document()) {
        prop_assert_eq!(parse_article(&input), parse_article_reference(&input), "input: {:?}", input);
    }
}

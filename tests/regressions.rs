//! Inputs that once broke an invariant, found by the property tests or
//! the fuzzers, kept so they stay fixed. Each test names where the input
//! came from and what went wrong.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{body_of, nothing_lost};
use newsarchive::{Options, parse_article};

/// Parse, and check what every input must satisfy.
fn check(input: &str) -> newsarchive::Article {
    let article = parse_article(input);
    assert_eq!(article, parse_article(input), "deterministic");
    match Options::new().strict(true).parse(input) {
        Ok(strict) => assert_eq!(strict, article),
        Err(_) => assert!(!article.warnings.is_empty()),
    }
    if let Err(diff) = nothing_lost(body_of(input), &article) {
        panic!("nothing lost:\n{diff}");
    }
    article
}

/// proptest (`generated_articles`): a body opening with an italic lead
/// paragraph lost it to the date line as a "byline".
#[test]
fn italic_lead_paragraph_is_not_a_date_line() {
    let article =
        check("<!--NaN-->\n[!](http://www.voachinese.com/)\n------\n\n</small><p><i>A</i></p>\n");
    assert_eq!(
        article
            .paragraphs()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>(),
        ["A"]
    );
    assert!(article.dateline.is_none() && article.byline.is_empty());
}

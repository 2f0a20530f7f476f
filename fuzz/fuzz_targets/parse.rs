//! Arbitrary text into `parse_article`: no panic, the article serialises
//! and reads back, strict and lenient agree, and when the header is
//! well formed, every character of the body's text is in the article
//! exactly once.

#![no_main]

use libfuzzer_sys::fuzz_target;
use newsarchive::{Article, Options, Warning, parse_article};

#[path = "../../tests/common/mod.rs"]
mod common;

fuzz_target!(|input: &str| {
    let article = parse_article(input);

    let json = serde_json::to_string(&article).expect("an Article always serialises");
    let back: Article = serde_json::from_str(&json).expect("and reads back");
    assert_eq!(back, article);

    match Options::new().parse_strict(input) {
        Ok(strict) => {
            assert!(article.warnings.is_empty());
            assert_eq!(strict, article);
        }
        Err(_) => assert!(!article.warnings.is_empty()),
    }

    let header_ok = !article.warnings.iter().any(|w| {
        !matches!(
            w,
            Warning::UndatedBody { .. }
                | Warning::UnreadableDate { .. }
                | Warning::GluedTag { .. }
                | Warning::ResolutionLimit { .. }
        )
    });
    if header_ok {
        if let Err(diff) = common::nothing_lost(common::body_of(input), &article) {
            panic!("text lost or duplicated:\n{diff}");
        }
    }
});

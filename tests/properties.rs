//! Properties over generated articles: realistic bodies assembled from the
//! structures the archives use (date lines of every shape, paragraphs,
//! figures in every caption shape, lists, quotes, embeds, nested wrappers,
//! stray closing tags, entities, CJK and Latin text, odd white space) under
//! random headers (titles with brackets, parentheses, backslashes, tabs,
//! U+3000; every URL shape; timestamps across the whole range, and NaN).
//!
//! Each generated article knows what it contains, so the properties check
//! the parse against it: nothing lost, header round trip, captions paired,
//! paragraphs in order, determinism, and no panic on anything.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod generate;

use common::{body_of, nothing_lost};
use generate::{FigureSpec, Spec, document, expected_millis, soup};
use newsarchive::{Block, Options, parse_article};
use proptest::prelude::*;

// ---------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::proptest_cases()))]

    #[test]
    fn never_panics_on_any_text(input in ".*") {
        let article = parse_article(&input);
        let _ = Options::new().parse_strict(&input);
        let _ = article.to_string();
    }

    #[test]
    fn never_panics_on_markup_soup(input in soup()) {
        let article = parse_article(&input);
        prop_assert_eq!(&article, &parse_article(&input));
    }

    #[test]
    fn generated_articles((input, title, url, ts, body) in document()) {
        let article = parse_article(&input);

        // Deterministic (and the same from the reference tree: the
        // crate's own `differential` tests).
        prop_assert_eq!(&article, &parse_article(&input));

        // Header round trip.
        prop_assert_eq!(&article.title, &title);
        prop_assert_eq!(article.url.as_ref(), Some(&url));
        let want = ts.1.and_then(|v| expected_millis(&ts.0, v));
        let got = article.timestamp.map(|t| t.timestamp_millis());
        if want.is_some_and(|ms| chrono::DateTime::from_timestamp_millis(ms).is_some()) {
            prop_assert_eq!(got, want);
        } else {
            prop_assert!(got.is_none());
        }

        // Nothing lost.
        if let Err(diff) = nothing_lost(body_of(&input), &article) {
            prop_assert!(false, "nothing-lost broken:\n{}\ninput: {:?}", diff, input);
        }

        // The date line's date, as written; where the outlet's zone was
        // inferred, an instant the feed's timestamp agrees with.
        prop_assert_eq!(article.published.map(|p| p.as_stated().to_string()), body.published.clone());
        if let (Some(newsarchive::Published::Inferred(i)), Some(t)) = (article.published, article.timestamp) {
            prop_assert!((i.instant().timestamp() - t.timestamp()).abs() <= 86_400);
        }

        // Paragraphs in the order generated.
        let want: Vec<String> = body.blocks.iter().flat_map(Spec::paragraphs).collect();
        let got: Vec<String> = article.paragraphs().map(|p| p.text.clone()).collect();
        prop_assert_eq!(got, want, "input: {:?}", input);

        // Each bold paragraph a subheading, in order, among the headings.
        let want: Vec<&str> = body.blocks.iter().filter_map(|b| match b { Spec::Subheading(i) => Some(i.text.as_str()), _ => None }).collect();
        let got: Vec<&str> = article.blocks.iter().filter_map(|b| match b { Block::Heading(h) if h.level == 2 => Some(h.text.as_str()), _ => None }).collect();
        let mut rest = got.iter();
        for w in &want {
            prop_assert!(rest.any(|g| g == w), "subheading {:?} not among {:?}; input: {:?}", w, got, input);
        }

        // The archive writer's file reads back as the same article (but
        // for the warnings, which describe the generated file).
        let written = article.to_archive();
        let back = parse_article(&written);
        let strip = |a: &newsarchive::Article| newsarchive::Article { warnings: Vec::new(), ..a.clone() };
        prop_assert_eq!(strip(&back), strip(&article), "input: {:?}\nwritten: {:?}", input, written);

        // Each figure is found once, with the caption and credit it was
        // generated with.
        let want: Vec<&FigureSpec> = body.blocks.iter().filter_map(|b| match b { Spec::Figure(f) => Some(f), _ => None }).collect();
        let got: Vec<(Option<String>, Option<String>, Option<String>)> = article.blocks.iter().filter_map(|b| match b {
            Block::Figure(f) => Some((f.src.clone(), f.caption.clone(), f.credit.clone())),
            Block::Embed(e) if e.kind == newsarchive::EmbedKind::Video => Some((e.src.clone(), e.caption.clone(), e.credit.clone())),
            _ => None,
        }).collect();
        prop_assert_eq!(got.len(), want.len(), "input: {:?}", input);
        for (g, w) in got.iter().zip(&want) {
            prop_assert_eq!(g.0.as_deref(), Some(w.src.as_str()), "{}", w.html);
            prop_assert_eq!(&g.1, &w.caption, "{}", w.html);
            prop_assert_eq!(&g.2, &w.credit, "{}", w.html);
            let _ = w.is_embed;
        }

        // Strict and lenient agree.
        match Options::new().parse_strict(&input) {
            Ok(strict) => {
                prop_assert!(article.warnings.is_empty());
                prop_assert_eq!(strict, article);
            }
            Err(_) => prop_assert!(!article.warnings.is_empty()),
        }
    }
}

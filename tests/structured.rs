//! The body grammar of `tests/grammar` under proptest: random bytes read
//! by `arbitrary` into a [`grammar::Doc`], rendered under a valid header,
//! and held to the invariants of `grammar::check` (the same ones the
//! `structured` fuzz target asserts, timing aside): nothing lost, strict
//! agrees with the warnings, the archive round trip, peak memory per byte.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod grammar;

use arbitrary::{Arbitrary, Unstructured};
use proptest::prelude::*;

#[global_allocator]
static ALLOCATOR: grammar::alloc::Counting = grammar::alloc::Counting;

proptest! {
    #![proptest_config(ProptestConfig {
        cases: common::proptest_cases(),
        // A failing case shrinks byte by byte; in a debug build, without a
        // bound, that can take minutes. A few hundred steps reach a small
        // body (the fuzz target's `tmin` goes further).
        max_shrink_iters: 400,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_bodies_keep_every_invariant(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let Ok(doc) = grammar::Doc::arbitrary_take_rest(Unstructured::new(&bytes)) else {
            return Ok(());
        };
        let input = doc.input();
        let limits = doc.limits;
        if let Err(report) = grammar::check::check(&input, limits.max_depth(), limits.max_attributes()) {
            prop_assert!(false, "{}", report);
        }
    }
}

/// The grammar reaches every shape it is for, from the bytes the property
/// draws: a guard against a change to it that quietly stops making one.
#[test]
fn the_grammar_reaches_every_shape() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    type Reached = fn(&str) -> bool;
    let shapes: &[(&str, Reached)] = &[
        ("a caption before its image", |b| {
            b.contains("<figure><figcaption>")
        }),
        ("a figure after a caption", |b| {
            b.contains("</figcaption><figure>")
        }),
        ("a twin after an inner figure", |b| {
            b.contains("</figure><noscript><img")
        }),
        ("a caption in a wrapper", |b| {
            b.contains("<div><figcaption>")
        }),
        ("a picture", |b| b.contains("<picture><source")),
        ("a noscript twin", |b| b.contains("><noscript><img")),
        ("a VOA caption", |b| b.contains("<div><small")),
        ("lazy images", |b| {
            b.contains("data-src=") && b.contains("srcset=")
        }),
        ("an SVG image", |b| b.contains("<svg><image href")),
        ("CDATA in SVG", |b| b.contains("<svg><![CDATA[")),
        ("HTML in foreignObject", |b| {
            b.contains("<foreignObject><p>") || b.contains("<foreignObject><div>")
        }),
        ("MathML", |b| b.contains("<math><mtext>")),
        ("annotation-xml as HTML", |b| {
            b.contains("<annotation-xml encoding=\"text/html\">")
        }),
        ("a template in MathML", |b| b.contains("<math><template>")),
        ("a font breaking out of SVG", |b| {
            b.contains("<svg><font color")
        }),
        ("a template", |b| b.contains("<template>")),
        ("a textarea", |b| b.contains("<textarea>")),
        ("a select", |b| b.contains("<select>")),
        ("a video with a poster", |b| {
            b.contains("<video") && b.contains("poster=")
        }),
        ("the VOA date line", |b| {
            b.starts_with("<div><i>Wed, 22 Feb 2023")
        }),
        ("address and time", |b| {
            b.contains("<address>Ann Lee</address><time")
        }),
        ("the feed footer", |b| {
            b.contains("获取更多RSS：<br><a href=\"https://feedx.net\">")
        }),
        ("a link in a table", |b| b.contains("<table><a href")),
        ("nesting past 512", |b| {
            [
                "<div>", "<span>", "<b>", "<i>", "<em>", "<p>", "<li>", "<td>", "<figure>",
            ]
            .iter()
            .any(|t| b.contains(&t.repeat(513)))
        }),
        ("more than 256 attributes", |b| b.contains(" a256=v")),
        ("many distinct <b class>", |b| b.contains("<b class=c200>")),
        ("a run", |b| b.contains(&"<p>x".repeat(50))),
    ];
    let mut runner = TestRunner::deterministic();
    let bytes = prop::collection::vec(any::<u8>(), 0..2048);
    let mut seen = vec![false; shapes.len()];
    let mut largest = 0;
    for _ in 0..1000 {
        let input = bytes.new_tree(&mut runner).unwrap().current();
        let body = grammar::Doc::arbitrary_take_rest(Unstructured::new(&input))
            .unwrap()
            .render();
        largest = largest.max(body.len());
        for (s, (_, reached)) in seen.iter_mut().zip(shapes) {
            *s |= reached(&body);
        }
    }
    let missing: Vec<&str> = shapes
        .iter()
        .zip(&seen)
        .filter(|(_, s)| !**s)
        .map(|((name, _), _)| *name)
        .collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
    assert!(largest < 200_000, "a body of {largest} bytes");
}

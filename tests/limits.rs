//! Hostile shapes: deep nesting, attribute floods, huge lines. They must
//! parse on a small stack without losing text. (Their cost per byte is
//! measured by `cargo bench --bench pathological`, not here: no timed
//! assertions in tests.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::nothing_lost;
use newsarchive::{Options, Warning, parse_article};

const HEADER: &str = "<!--1677087543000-->\n[t](https://a.example/x)\n------\n\n";

/// Run `f` on a thread with a 256 KiB stack: a recursive walk over
/// thousands of levels would overflow it.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

fn nest(open: &str, n: usize, inner: &str) -> String {
    let mut s = String::from(HEADER);
    s.push_str(&open.repeat(n));
    s.push_str(inner);
    s
}

#[test]
fn hundred_thousand_deep_on_a_small_stack() {
    for open in [
        "<div>",
        "<ul><li>",
        "<b>",
        "<i>",
        "<a href=/x>",
        "<table>",
        "<p><span>",
        "<blockquote>",
        "<span>",
    ] {
        let input = nest(open, 100_000, "最深处的文字");
        let article = on_small_stack(move || parse_article(&input));
        assert!(article.to_text().contains("最深处的文字"), "{open}");
    }
}

#[test]
fn the_cap_drops_tags_not_text() {
    let input = nest("<div>", 2000, "text at the bottom");
    let article = parse_article(&input);
    assert_eq!(
        article.paragraphs().next().unwrap().text,
        "text at the bottom"
    );
    let Some(Warning::NestingLimit { limit, dropped }) = article.warnings.first() else {
        panic!("{:?}", article.warnings)
    };
    assert_eq!(*limit, 512);
    assert!(*dropped > 1000, "{dropped}");
    // Strict mode refuses it.
    let err = Options::new().parse_strict(&input).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("line 5, byte 54: expected at most 512 elements open at once"),
        "{err}"
    );
}

#[test]
fn text_survives_the_cap_in_every_shape() {
    // Interleave text at every level so the dropped tags had content.
    for open in [
        "<div>",
        "<li>",
        "<b>",
        "<p><span>",
        "<em>",
        "<blockquote>",
        "<h2>",
        "<figure>",
        "<small>",
    ] {
        let body: String = (0..1500).map(|i| format!("{open}{i}字")).collect();
        let input = format!("{HEADER}{body}");
        let article = parse_article(&input);
        if let Err(diff) = nothing_lost(&body, &article) {
            panic!("{open}: {diff}");
        }
    }
}

#[test]
fn deep_walk_without_the_cap_on_a_small_stack() {
    // With the cap raised, 5 000 levels reach the body walker itself.
    let input = nest("<div>", 5_000, "deep");
    let article = on_small_stack(move || Options::new().max_depth(10_000).parse(&input));
    assert!(article.warnings.is_empty(), "{:?}", article.warnings);
    assert_eq!(article.paragraphs().next().unwrap().text, "deep");
}

#[test]
fn attribute_floods_are_capped() {
    let attrs: String = (0..100_000).map(|i| format!(" a{i}=v")).collect();
    let input = format!("{HEADER}<div{attrs}>内容</div><img src=x.jpg{attrs}>");
    let article = parse_article(&input);
    assert_eq!(article.paragraphs().next().unwrap().text, "内容");
    assert_eq!(
        article.figures().next().unwrap().src.as_deref(),
        Some("https://a.example/x.jpg")
    );
    // The div has 100 000 attributes, the image one more (`src`).
    let want = (100_000 - 256) + (100_001 - 256);
    assert!(
        matches!(article.warnings[0], Warning::AttributeLimit { limit: 256, dropped } if dropped == want),
        "{:?}",
        article.warnings
    );
    // Duplicates are not a flood: the first wins, as the standard says.
    let dup = parse_article(&format!("{HEADER}<img src=first.jpg src=second.jpg>"));
    assert_eq!(
        dup.figures().next().unwrap().src.as_deref(),
        Some("https://a.example/first.jpg")
    );
    assert!(dup.warnings.is_empty());
}

#[test]
fn huge_lines_and_texts() {
    // A title line of a megabyte full of `](`.
    let title = "](".repeat(500_000);
    let article = parse_article(&format!(
        "<!--1677087543000-->\n[{title}](https://a.example/x)\n------\n\n<p>x</p>"
    ));
    assert_eq!(article.url.unwrap().as_str(), "https://a.example/x");
    assert_eq!(article.title.len(), title.len());
    // One text node of four megabytes.
    let text = "字".repeat(1_400_000);
    let article = parse_article(&format!("{HEADER}{text}"));
    assert_eq!(article.paragraphs().next().unwrap().text.len(), text.len());
}

/// A very long article URL and thousands of short relative addresses:
/// each join copies the URL, so the joins stop once they have added the
/// body's own length again (plus 64 KiB). The rest stay as written, every
/// text is kept, and the warning says how many.
#[test]
fn joins_to_a_long_article_url_are_budgeted() {
    let url = format!("https://a.example/{}", "p".repeat(10_000));
    let body = "<a href=?n>x</a><img src=#i>".repeat(2_000);
    let input = format!("<!--1677087543000-->\n[t]({url})\n------\n\n{body}");
    let article = parse_article(&input);
    nothing_lost(&body, &article).unwrap();

    let addresses: Vec<&str> = article
        .links
        .iter()
        .map(|l| l.href.as_str())
        .chain(article.figures().filter_map(|f| f.src.as_deref()))
        .collect();
    assert_eq!(addresses.len(), 4_000);
    let joined: Vec<&&str> = addresses.iter().filter(|a| a.starts_with(&url)).collect();
    let kept = addresses.len() - joined.len();
    // Joined while the budget lasted, in document order; kept after.
    assert_eq!(article.links[0].href, format!("{url}?n"));
    assert_eq!(article.links.last().unwrap().href, "?n");
    assert!(
        addresses
            .iter()
            .all(|a| a.starts_with(&url) || *a == "?n" || *a == "#i")
    );
    let added: usize = joined.iter().map(|a| a.len() - 2).sum();
    let limit = body.len() + (64 << 10);
    assert!(
        added <= limit && added + url.len() + 2 > limit,
        "{added} of {limit}"
    );
    assert_eq!(
        article.warnings,
        [Warning::ResolutionLimit { limit, kept }],
        "{kept} kept"
    );
    assert!(Options::new().parse_strict(&input).is_err());

    // Two thousand joins to an ordinary URL are nowhere near it.
    let short = format!(
        "{HEADER}{}",
        "<p><a href=/a/1.html>x</a><img src=i.jpg></p>".repeat(2_000)
    );
    let article = parse_article(&short);
    assert!(article.warnings.is_empty(), "{:?}", article.warnings);
    assert!(
        article
            .links
            .iter()
            .all(|l| l.href == "https://a.example/a/1.html")
    );
}

//! `parse_article(&article.to_archive()) == article`: on every fixture,
//! every corpus file, and articles generated at the level of the model.
//!
//! Warnings describe the file an article came from; the writer writes a
//! well-formed file, so the round trip compares every field but the
//! warnings, and a file that parsed without warnings writes one that does
//! too.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use common::{corpus_dir, first_difference, markdown_files};
use newsarchive::{
    Article, Block, Embed, EmbedKind, Figure, Footer, Heading, Link, List, Paragraph, Published,
    Quote, parse_article,
};
use proptest::prelude::*;
use proptest::sample::select;

/// Check the round trip of `article`, read from `name`.
fn round_trip(name: &str, article: &Article) -> Result<(), String> {
    let written = article.to_archive();
    let back = parse_article(&written);
    let strip = |a: &Article| Article {
        warnings: Vec::new(),
        ..a.clone()
    };
    if strip(&back) != strip(article) {
        return Err(format!(
            "{name}: the written file reads back differently\n--- written:\n{written}\n--- first difference: {}",
            first_difference(article, &back)
        ));
    }
    if article.warnings.is_empty() && !back.warnings.is_empty() {
        return Err(format!(
            "{name}: the written file has warnings {:?}\n{written}",
            back.warnings
        ));
    }
    Ok(())
}

#[test]
fn fixtures_and_corpus_round_trip() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = markdown_files(&root.join("tests/fixtures"));
    files.push(root.join("examples/sample.md"));
    match corpus_dir() {
        Some(dir) => files.extend(markdown_files(&dir)),
        None => eprintln!("roundtrip: no corpus at ../shared/corpus, fixtures only"),
    }
    let failures: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let input = std::fs::read_to_string(path).unwrap();
            round_trip(&path.display().to_string(), &parse_article(&input)).err()
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} files do not round-trip:\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

// ---------------------------------------------------------------------
// Articles generated as models

/// A word as the parser leaves text: no white space; HTML's and
/// Markdown's special characters included.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z]{1,8}",
        "[\u{4e00}-\u{9fa5}]{1,6}",
        "[0-9]{1,4}",
        select(vec![
            "&",
            "&amp;",
            "<b>",
            "<",
            ">",
            "\"",
            "'",
            "*",
            "_",
            "[x]",
            "(y)",
            "#",
            "1.",
            "-",
            "`",
            "\\",
            "“引号”",
            "——",
            "。",
            "！",
            "/",
            "=",
        ])
        .prop_map(str::to_owned),
    ]
}

/// Words joined as normalised text: single spaces, line breaks at most
/// two in a row, nothing at the ends.
fn text(max_words: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        (word(), select(vec![" ", " ", " ", "", "\n", "\n\n"])),
        1..=max_words,
    )
    .prop_map(|parts| common::join_words(&parts))
}

fn href() -> impl Strategy<Value = String> {
    ("[a-z]{1,6}", 0u32..1000).prop_map(|(p, n)| format!("https://news.example.com/{p}/{n}.html"))
}

/// A paragraph whose links wrap some of its words.
fn paragraph() -> impl Strategy<Value = Paragraph> {
    prop::collection::vec((text(4), prop::option::weighted(0.3, href())), 1..5).prop_map(|runs| {
        let mut p = Paragraph::default();
        for (t, link) in runs {
            if !p.text.is_empty() {
                p.text.push(' ');
            }
            p.text.push_str(&t);
            if let Some(href) = link {
                p.links.push(Link {
                    href,
                    // The link text as its own normalised text.
                    text: t,
                });
            }
        }
        p
    })
}

fn image() -> impl Strategy<Value = String> {
    ("[a-z]{1,8}", 0u32..100).prop_map(|(p, n)| format!("https://cdn.example.net/{p}/{n}.jpg"))
}

/// Caption words never start with `©`, which would make them a credit.
fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        4 => paragraph().prop_map(Block::Paragraph),
        1 => (1u8..=6, paragraph()).prop_map(|(level, p)| Block::Heading(Heading { level, text: p.text, links: p.links })),
        1 => (any::<bool>(), prop::collection::vec(paragraph(), 1..4))
            .prop_map(|(ordered, items)| Block::List(List { ordered, items })),
        1 => prop::collection::vec(paragraph(), 1..3).prop_map(|paragraphs| Block::Quote(Quote { paragraphs })),
        2 => (
            prop::option::weighted(0.95, image()),
            prop::option::of(text(3)),
            prop::option::of(text(6)),
            prop::option::of(text(2)),
        )
            .prop_map(|(src, alt, caption, credit)| {
                Block::Figure(Box::new(Figure {
                    src,
                    original: None,
                    alt: alt.map(|a| a.replace('\n', " ")),
                    caption,
                    credit,
                }))
            }),
        1 => (
            select(vec![EmbedKind::Video, EmbedKind::Audio, EmbedKind::Iframe, EmbedKind::Object]),
            href(),
            prop::option::of(image()),
            prop::option::of(text(3)),
            prop::option::of(text(4)),
        )
            .prop_map(|(kind, src, poster, title, caption)| {
                Block::Embed(Box::new(Embed {
                    kind,
                    src: Some(src),
                    poster: poster.filter(|_| kind == EmbedKind::Video),
                    title: title.map(|t| t.replace('\n', " ")),
                    caption,
                    credit: None,
                    fallback: None,
                }))
            }),
    ]
}

/// A published date of each precision, written the way the date line
/// would carry it.
fn published() -> impl Strategy<Value = Published> {
    let seconds = 0i64..4_102_444_800; // 1970 to 2100
    prop_oneof![
        (seconds.clone(), -12i32..=14).prop_map(|(s, h)| {
            let offset = FixedOffset::east_opt(h * 3600).unwrap();
            Published::Instant(offset.timestamp_opt(s, 0).unwrap())
        }),
        seconds
            .clone()
            .prop_map(|s| Published::Local(DateTime::from_timestamp(s, 0).unwrap().naive_utc())),
        seconds.prop_map(|s| Published::Date(DateTime::from_timestamp(s, 0).unwrap().date_naive())),
    ]
}

/// A byline name: letters only, so it is never read as a sentence.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\u{4e00}-\u{9fa5}]{2,4}",
        "[A-Z][a-z]{2,8} [A-Z][a-z]{2,8}"
    ]
}

/// The date line as the outlets write it: names on the first line, the
/// date (RFC 3339, or the NYT's and BBC's forms) on the last.
fn dateline() -> impl Strategy<Value = (Option<String>, Option<Published>, Vec<String>)> {
    prop_oneof![
        1 => Just((None, None, Vec::new())),
        3 => (published(), prop::collection::vec(name(), 0..3)).prop_map(|(p, mut names)| {
            let mut seen = Vec::new();
            names.retain(|n| {
                let first = !seen.contains(n);
                seen.push(n.clone());
                first
            });
            let date = match p {
                Published::Instant(dt) => dt.to_rfc3339(),
                Published::Local(dt) => dt.format("%Y-%m-%d %H:%M:%S").to_string(),
                Published::Date(d) => d.format("%Y-%m-%d").to_string(),
                // Not generated: a parse infers it from the URL's host.
                other => unreachable!("{other:?} is not generated"),
            };
            let text = if names.is_empty() {
                date
            } else {
                format!("{}\n{date}", names.join(", "))
            };
            (Some(text), Some(p), names)
        }),
        // BBC and NYT: the visible text is relative or partial, the date is
        // the `<time datetime>`; names, if any, on lines of their own.
        1 => (published(), prop::collection::vec(name(), 0..3), 1u32..60).prop_map(|(p, mut names, n)| {
            names.sort();
            names.dedup();
            let mut lines = names.clone();
            lines.push(format!("{n} 分钟前"));
            (Some(lines.join("\n")), Some(p), names)
        }),
    ]
}

fn article() -> impl Strategy<Value = Article> {
    (
        -2_208_988_800_000i64..4_102_444_800_000, // 1900 to 2100
        text(6),
        "[a-z]{1,10}",
        dateline(),
        prop::collection::vec((block(), prop::option::weighted(0.15, href())), 1..10),
        any::<bool>(),
    )
        .prop_map(
            |(ms, title, slug, (dateline, published, byline), blocks, footer)| {
                let mut article = Article {
                    timestamp: Utc.timestamp_millis_opt(ms).single(),
                    title: title.replace('\n', " "),
                    url: Some(
                        format!("https://news.example.com/a/{slug}.html")
                            .parse()
                            .unwrap(),
                    ),
                    published,
                    byline,
                    dateline,
                    ..Article::default()
                };
                for (block, extra_link) in blocks {
                    match (&block, extra_link) {
                        // A link in a caption, around its first word.
                        (Block::Figure(f), Some(href)) if f.caption.is_some() => {
                            let caption = f.caption.as_deref().unwrap_or_default();
                            let first = caption.split([' ', '\n']).next().unwrap_or_default();
                            article.links.push(Link {
                                href,
                                text: first.to_owned(),
                            });
                        }
                        // An image link: `<a href><img></a>`, its text empty.
                        (Block::Figure(_), Some(href)) => {
                            article.links.push(Link {
                                href,
                                text: String::new(),
                            });
                        }
                        _ => {}
                    }
                    let own: Vec<&[Link]> = match &block {
                        Block::Paragraph(p) => vec![&p.links],
                        Block::Heading(h) => vec![&h.links],
                        Block::List(l) => l.items.iter().map(|i| i.links.as_slice()).collect(),
                        Block::Quote(q) => {
                            q.paragraphs.iter().map(|p| p.links.as_slice()).collect()
                        }
                        _ => Vec::new(),
                    };
                    for links in own {
                        article.links.extend(links.iter().cloned());
                    }
                    article.blocks.push(block);
                }
                if footer {
                    let link = Link {
                        href: "https://feedx.net".to_owned(),
                        text: "feedx.net".to_owned(),
                    };
                    article.links.push(link.clone());
                    article.footer = Some(Footer {
                        text: "获取更多RSS： feedx.net".to_owned(),
                        links: vec![link],
                    });
                }
                article
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::proptest_cases()))]

    /// A hand-built article reads back with its furniture set apart by
    /// the reader's rules (a generated list of links is a related-stories
    /// list): the blocks come back in page order, and the article as read
    /// round-trips exactly.
    #[test]
    fn generated_articles_round_trip(article in article()) {
        let written = article.to_archive();
        let back = parse_article(&written);
        let in_page_order = |a: &Article| Article {
            blocks: common::flat_blocks(&a.blocks),
            warnings: Vec::new(),
            ..a.clone()
        };
        prop_assert!(
            in_page_order(&back) == in_page_order(&article),
            "the written file reads back differently\n--- written:\n{}\n--- first difference: {}",
            written,
            first_difference(&in_page_order(&article), &in_page_order(&back))
        );
        if let Err(report) = round_trip("generated, as read", &back) {
            prop_assert!(false, "{}", report);
        }
    }
}

#[test]
fn every_published_precision_round_trips() {
    let naive = NaiveDateTime::parse_from_str("2020-08-10 09:42:48", "%Y-%m-%d %H:%M:%S").unwrap();
    for published in [
        Published::Instant(DateTime::parse_from_rfc3339("2024-04-06T12:34:03.211+08:00").unwrap()),
        Published::Local(naive),
        Published::Date(NaiveDate::from_ymd_opt(2023, 2, 15).unwrap()),
    ] {
        let article = Article {
            timestamp: DateTime::from_timestamp_millis(1_700_000_000_000),
            title: "t".into(),
            url: Some("https://a.example/x".parse().unwrap()),
            published: Some(published),
            dateline: Some("28 分钟前".into()),
            blocks: vec![Block::Paragraph(Paragraph {
                text: "正文".into(),
                links: Vec::new(),
            })],
            ..Article::default()
        };
        round_trip("precision", &article).unwrap();
    }
}

/// A wall-clock time the reader places in the outlet's zone is written as
/// the source wrote it, and read (and placed) again.
#[test]
fn an_inferred_zone_round_trips() {
    for (ms, url, line) in [
        (
            1_688_230_140_000_i64,
            "https://www.rfi.fr/cn/x",
            "<div>01/07/2023 - 18:17</div>",
        ),
        (
            1_597_023_880_000,
            "https://cn.nytimes.com/world/20200810/x/",
            r#"<address>KONEY BAI</address><time datetime="2020-08-10 09:42:48">2020年8月10日</time>"#,
        ),
    ] {
        let input = format!("<!--{ms}-->\n[t]({url})\n------\n\n{line}<p>正文</p>");
        let article = parse_article(&input);
        assert!(
            matches!(article.published, Some(Published::Inferred(_))),
            "{url}: {:?}",
            article.published
        );
        round_trip(url, &article).unwrap();
    }
}

/// Shapes the `roundtrip` fuzz target found, as archive files: each must
/// read back from its own written file.
#[test]
fn shapes_found_by_fuzzing_round_trip() {
    const HEADER: &str =
        "<!--1677087543000-->\n[标题](https://news.example.com/a/1.html)\n------\n\n";
    let bodies = [
        // A heading's own link, and an equal link outside it.
        r#"<h6><a href="/x"></a>标题里的链接</h6><a href="/x"></a>"#,
        // A byline in an `<address>` with no date after it.
        "<address>CARL ZIMMER, BENJAMIN MUELLER</address><p>正文</p>",
        // A date line whose `<time datetime>` is no date.
        r#"<address>作者</address><time datetime="junk">2021年11月19日</time><p>正文</p>"#,
        // An empty link before a quote whose paragraph has the same link.
        r#"<a href="/a"></a><blockquote><p><a href="/a"></a><a href="/b"></a>引文</p></blockquote>"#,
        // One link around two paragraphs.
        r#"<a href="/x"><p>第一段</p><p>第二段</p></a><p>第三段</p>"#,
        // One link around a whole figure, caption and credit.
        r#"<a href="/x"><figure><img src="/p.jpg"><figcaption><span>图说</span> <span>© 摄影</span></figcaption></figure></a>"#,
        // An empty item's link between two items with links, equal to the
        // next item's first.
        r#"<ol><li><a href="/a"></a>一</li><li><a href="/e"></a></li><li><a href="/e"></a><a href="/x"></a>二</li></ol>"#,
        // Many empty links, then one other, before a paragraph whose own
        // links start like them.
        concat!(
            "<p>甲</p>",
            r#"<a href="/e"></a><a href="/e"></a><a href="/e"></a><a href="/e"></a><a href="/e"></a>"#,
            r#"<a href="/e"></a><a href="/e"></a><a href="/e"></a><a href="/e"></a><a href="/z"></a>"#,
            r#"<p><a href="/e"></a><a href="/x"></a>乙</p>"#,
        ),
        // One link around a paragraph and a heading, split mid-word.
        r#"<a href="/x"><p>段落的前</p><h2>半和标题</h2></a>"#,
        // A link in preformatted text whose white space the link's own
        // (normalised) text does not keep.
        "<pre>x  <a href=\"/x\">a\t\tb</a>  y</pre>",
        // A link far into a long `<pre>`.
        concat!(
            "<pre>",
            "h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  ",
            "h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  ",
            "h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  h  ",
            r#"<a href="/x">https://e.x</a></pre>"#
        ),
        // A caption that keeps its white space.
        "<figure><img src=\"/p.jpg\"><figcaption><pre>a  b</pre></figcaption></figure><p>正文</p>",
        // A link over a line break of a `<pre>`: the text and the link's
        // text keep the break.
        r#"<pre>a&#10;<a href="/x">b&#10;c</a> d</pre>"#,
        // The same with carriage returns, which a `<pre>` drops.
        r#"<pre>a <a href="/x">b&#13;&#13;c</a> d</pre>"#,
        // One link around a list.
        r#"<a href="/x"><ul><li>一</li><li>二</li></ul></a>"#,
        // The same as the `<pre>` above in a caption and in a credit.
        // Fuzzing (`roundtrip`): a caption whose text holds the link text
        // of the paragraph after the next, whose other link equals the
        // next paragraph's; the caption took the far paragraph's link.
        concat!(
            r#"<figure><img alt="x"><figcaption>疫情影响，改为线上展示。</figcaption></figure>"#,
            r#"<a href="/b"></a>--17<figure><a href="/c">改为线上<a href="/b">"#,
        ),
        // Fuzzing (`roundtrip`): equal empty links in the date line, before
        // a figure whose caption fits them all, and in a quote and a
        // paragraph after it; the caption took the paragraph's.
        concat!(
            r#"<div><time datetime="1974-03-19T13:41:57+07:00"><a href=""></a><a href=""></a>C</time></div>"#,
            r#"<h6>p</h6><figure><img alt=""><figcaption>图说</figcaption></figure><p>  </p>"#,
            r#"<blockquote><p><a href=""></a>引文</p><p><a href=""></a><a href=""></a><a href=""></a></p></blockquote>"#,
            r#"<figure><img src="" alt=""></figure><ul></ul><p><a href=""></a>正文</p><hr><div><a href=""></a></div>"#,
        ),
        // Grammar (`structured`): a caption holding the next paragraph's
        // link text, then another figure's caption link before the next
        // text's; the first caption took the paragraph's link.
        concat!(
            r##"<figure><img alt="图片"><figcaption>&amp;说</figcaption></figure><a href="#x">&amp;</a>"##,
            r##"<figure><img src="/b.gif"><figcaption><a href="#x">图片</a></figcaption></figure><p><a href="/f">f</a></p>"##,
        ),
        // Grammar (`structured`): a player's fallback with the text of the
        // feed footer's link; the fallback took it.
        r#"<audio src="/a.mp3">https://feedx.net</audio><hr><div>获取更多RSS：<a href="https://feedx.net">https://feedx.net</a></div>"#,
        // Grammar (`structured`): a player's fallback holding the next
        // paragraph's link text, then a caption with a link: the fallback
        // must keep its link for the caption's to come before the
        // paragraph's.
        r#"<figure><object data="/o.swf"><a href="/f">https://f.x</a></object><a href="/r"><figcaption>ρ</figcaption></a></figure><p><a href="/f">https://f.x</a></p>"#,
        // The same over two media blocks: the player's fallback, then the
        // next figure's caption.
        r#"<figure><object data="/o.swf"><a href="/f">https://f.x</a></object></figure><figure><img src="/i.jpg"><a href="/r"><figcaption>ρ</figcaption></a></figure><p><a href="/f">https://f.x</a></p>"#,
        // Grammar (`structured`): an empty link between two links of a
        // player's fallback was listed before the first.
        r#"<figure><object data="/o.swf"><a href="/f">https://f.x</a>β—</object><a href="/e"><img src="/i.jpg"></a><figcaption><a href="/e">—</a></figcaption></figure>"#,
        // Grammar (`structured`): a caption in a `<pre>` that starts with
        // `©` and keeps a tab, before its credit: written in a `<pre>`,
        // read back as a credit.
        "<pre><figure><img alt=\"图\"><figcaption>©\t图说 <cite>κ</cite></figcaption></figure></pre>",
        // Grammar (`structured`): a caption with no image after it,
        // become a paragraph after one that ends with an empty link; its
        // link was listed before that one.
        r##"<blockquote><a href="#x"><figure><figure><img src="/i.jpg"></figure><figcaption>图说</figcaption>x<a href="/f">"##,
        // Grammar (`structured`): two paragraphs whose texts make the
        // text of a player's fallback link: the writer wrapped them in it.
        r#"x<li>x<a href=""><video src="/v.mp4" controls poster="">xx"#,
        // Grammar (`structured`): a list item that ends with an empty link,
        // and a link that opened before it whose text begins the next
        // item: the two were listed the other way round.
        r#"<ul>I wordword<a href="/3"><svg><a href="/f"></a></svg><li>J okok</li></a></ul>"#,
        // Grammar (`structured`): a date line that is a link's text, and a
        // paragraph with the same link: the paragraph took the date line's.
        r#"<time datetime="yesterday"><a href="/f">https://f.x</a></time><p><a href="/f">https://f.x</a></p>"#,
        // Grammar (`structured`): an image's `<noscript>` twin in a figure
        // of its own, captioned before it: its caption went before the
        // first image's, its link after.
        r#"<a href="/3"><figure><figcaption>R图说</figcaption><img src="a.jpg"></figure><noscript><a href="/3"><figure><figcaption>V图说</figcaption><img src="a.jpg">"#,
        // Grammar (`structured`): a caption with the text of three
        // paragraphs' equal links after it; the caption took the first,
        // as only the next two were checked.
        r#"<figure><img src=x><figcaption>x</figure><p><a href="">x<table>x<table>x"#,
        // Grammar (`structured`): a date line whose text is the text of a
        // later paragraph's link, empty links between: the plan had the
        // date line take an empty one the paragraph's run needed.
        r#"<div>Wed, 22 Feb 2023 17:22:43 GMT</div>AB<img src="/d.jpg"><a href="/3"></a><table><table><a href="/3"><a href="/2">Wed, 22 Feb 2023 17:22:43 GMT"#,
        // The same with the date line's text a link of the paragraph
        // after an image with no caption.
        r#"<div>Wed, 22 Feb 2023 17:22:43 GMT</div>AB<img src="/d.jpg"><a href="/3"></a><table><table><td><a href="/3"><tr><a href="/m">Wed, 22 Feb 2023 17:22:43 GMT"#,
        // A player's fallback holding the text of a link two paragraphs
        // on, past a captioned figure, whose other link equals the next
        // paragraph's.
        r#"<audio src="/a.mp3">β：ok说ok </audio><p><a href="/m"></a>ε</p><figure><figcaption>ζ</figcaption><img alt="图"></figure><p><a href="/2">ok</a><a href="/m"></a></p>"#,
        // A caption holding the text of a later figure's caption link,
        // the two paragraphs around that figure with equal empty links.
        r#"<figure><figcaption>获取更多RSS：</figcaption><img src="/i.jpg"></figure><p><a href="/m"></a>P</p><figure><img><figcaption><a href="/m">R</a></figcaption></figure><p><a href="/m"></a>说</p>"#,
        // Two captions that both hold the text of the last paragraph's
        // link, an empty link between: the look ahead must let the second
        // leave it.
        r#"<figure><img src="/j.jpg"><figcaption>E获取更多RSS：ok</figcaption></figure><p><a href="/2"></a>δ</p><figure><img src="/e.jpg"><figcaption>ok获取更多RSS：2023</figcaption></figure><p><a href="/2">获取更多RSS：</a></p>"#,
        // Fuzzing (`structured`): captions and paragraphs all holding one
        // equal link's text; only a search ahead finds the captions
        // must leave theirs.
        r#"<iframe src="/e"></iframe><small>P说</small><a href="">说<iframe src="/e"></iframe><small>γ说<div>说<iframe src="/e"></iframe><a href="">说"#,
        // Grammar (`structured`): a caption that is only `©`, in a link,
        // before its `<cite>`; the written `<a>©</a>` read as a credit.
        r#"<figure><a href="/x"><figcaption>© <cite>摄影</cite></figcaption></a><img src="/p.jpg"></figure>"#,
        r#"<figure><img src="/p.jpg"><figcaption><pre>图说&#10;<a href="/x">一&#10;二</a></pre></figcaption></figure>"#,
        r#"<figure><img src="/p.jpg"><figcaption><cite><pre>来源&#10;<a href="/x">https://e.x&#10;------&#10;&#10;作者</a></pre></cite></figcaption></figure>"#,
    ];
    for body in bodies {
        let article = parse_article(&format!("{HEADER}{body}"));
        round_trip(body, &article).unwrap();
    }
    // Fuzzing (`structured`): a caption with the text of seventeen
    // paragraphs' equal links after it, more than the search looks ahead.
    let chain = format!(
        "<table><figure>x<img src=\"/b.png\"><a href=\"/3\">V“q”<span class=\"caption\">{}",
        "x<table>".repeat(17)
    );
    round_trip(
        "a chain of equal links",
        &parse_article(&format!("{HEADER}{chain}")),
    )
    .unwrap();
    // The same with a later figure's caption link at the end, which no
    // paragraph's run can use.
    let chain = format!(
        "<div><img src=\"/c.jpg\" alt=\"说\">https://f.x</div>{}<div>https://f.x<a href=\"/3\"><figure><img src=\"/b.png\"><figcaption>I&lt;b&gt;",
        "<a href=\"/f\">https://f.x</a><div><a href=\"/f\">https://f.x</div>https://f.x<hr>"
            .repeat(9)
    );
    round_trip(
        "a chain, then a caption link",
        &parse_article(&format!("{HEADER}{chain}")),
    )
    .unwrap();
    // A date line of two elements, longer together than one may be.
    let long = format!(
        "<address>甲, 乙<br>{}</address><time datetime=\"junk\">{}</time><p>正文</p>",
        "丙".repeat(150),
        "丁".repeat(150)
    );
    let article = parse_article(&format!("{HEADER}{long}"));
    assert!(
        article
            .dateline
            .as_ref()
            .is_some_and(|d| d.chars().count() > 300)
    );
    round_trip("long date line", &article).unwrap();
    // Milliseconds in the first months of 1970 are written so they are not
    // read as seconds.
    let early = Article {
        timestamp: DateTime::from_timestamp_millis(1),
        title: "t".into(),
        url: Some("https://a.example/x".parse().unwrap()),
        blocks: vec![Block::Paragraph(Paragraph {
            text: "x".into(),
            links: Vec::new(),
        })],
        ..Article::default()
    };
    round_trip("1 ms", &early).unwrap();
}

/// A title is written so that it stays the title: a line break before a
/// `------` line would otherwise end the header and put the rest of the
/// title in the body, unescaped.
#[test]
fn a_title_cannot_end_the_header() {
    let article = Article {
        timestamp: DateTime::from_timestamp_millis(1_700_000_000_000),
        title: "标题\n------\n\n<p>注入</p>".into(),
        url: Some("https://a.example/x".parse().unwrap()),
        blocks: vec![Block::Paragraph(Paragraph {
            text: "正文".into(),
            links: Vec::new(),
        })],
        ..Article::default()
    };
    let back = parse_article(&article.to_archive());
    assert_eq!(back.title, "标题 ------  <p>注入</p>");
    assert_eq!(back.blocks, article.blocks);
    // Six title lines still leave the body where it is.
    let six = parse_article(
        "<!--1-->\n[一\n二\n三\n四\n五\n六](https://a.example/x)\n------\n\n<p>正文</p>",
    );
    assert_eq!(six.paragraphs().count(), 1);
    round_trip("six-line title", &six).unwrap();
    // A title of several ordinary lines keeps them.
    let multiline =
        parse_article("<!--1-->\n[第一行\n第二行](https://a.example/x)\n------\n\n<p>正文</p>");
    assert_eq!(multiline.title, "第一行\n第二行");
    round_trip("multi-line title", &multiline).unwrap();
}

/// The fuzzer's finding after joins were budgeted: a long article URL and
/// dozens of empty links (`<a href>`, each joined to the URL) in a short
/// body. The joins stop at the budget and the article says so; its file,
/// longer by the joined addresses, has budget for more. That is the
/// documented exception; what was joined is written, and read, as it is.
#[test]
fn addresses_past_the_join_budget_are_the_documented_exception() {
    let url = format!("https://a.example/{}", "p".repeat(3_000));
    let body = "<p><a href>x</a></p>".repeat(40);
    let article = parse_article(&format!(
        "<!--1677087543000-->\n[t]({url})\n------\n\n{body}"
    ));
    let kept = article.links.iter().filter(|l| l.href.is_empty()).count();
    assert!(kept > 0 && kept < 40, "{kept} of 40 kept relative");
    assert!(
        article.warnings.iter().any(
            |w| matches!(w, newsarchive::Warning::ResolutionLimit { kept: k, .. } if *k == kept)
        )
    );
    let back = parse_article(&article.to_archive());
    for (was, now) in article.links.iter().zip(&back.links) {
        if !was.href.is_empty() {
            assert_eq!(was, now);
        }
    }
    assert!(back.links.iter().filter(|l| l.href.is_empty()).count() < kept);
}

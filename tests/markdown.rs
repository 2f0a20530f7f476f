//! `Article::to_markdown` read back by an independent CommonMark parser
//! (pulldown-cmark): the text survives the escaping character for
//! character, links and images point where the model says, the title
//! heading links to the article.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{corpus_dir, markdown_files};
use newsarchive::{Article, Block, Paragraph, parse_article};
use proptest::prelude::*;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

/// What a CommonMark reader makes of a document.
#[derive(Debug, Default)]
struct Read {
    /// The text of each leaf block (paragraph, heading), in order; hard
    /// breaks as `\n`, soft breaks as a space.
    blocks: Vec<String>,
    /// `(level, text)` of each heading.
    headings: Vec<(u8, String)>,
    /// `(destination, text)` of each link.
    links: Vec<(String, String)>,
    /// Destinations of images.
    images: Vec<String>,
    /// Raw HTML the reader found: escaping failed if any.
    html: Vec<String>,
}

fn read(markdown: &str) -> Read {
    let mut out = Read::default();
    let mut block = String::new();
    let mut link: Option<(String, String)> = None;
    let mut heading: Option<u8> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                block.push_str(&t);
                if let Some((_, text)) = &mut link {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak => block.push(' '),
            Event::HardBreak => {
                block.push('\n');
                if let Some((_, text)) = &mut link {
                    text.push('\n');
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => out.html.push(h.to_string()),
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((dest_url.to_string(), String::new()))
            }
            Event::End(TagEnd::Link) => out.links.extend(link.take()),
            Event::Start(Tag::Image { dest_url, .. }) => out.images.push(dest_url.to_string()),
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                })
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) => {
                if let Some(level) = heading.take() {
                    out.headings.push((level, block.clone()));
                }
                out.blocks.push(std::mem::take(&mut block));
            }
            _ => {}
        }
    }
    out
}

/// Every line of every paragraph of `article`, found in order in what the
/// reader read; every link with text and every image present.
fn check(name: &str, article: &Article) -> Result<(), String> {
    let markdown = article.to_markdown();
    let got = read(&markdown);
    let fail = |what: String| Err(format!("{name}: {what}\n--- markdown:\n{markdown}"));
    if !got.html.is_empty() {
        return fail(format!("read as raw HTML: {:?}", got.html));
    }
    let title = if article.title.is_empty() {
        "(untitled)"
    } else {
        &article.title
    };
    match got.headings.first() {
        Some((1, text)) if text == title => {}
        other => return fail(format!("title heading {other:?}, want {title:?}")),
    }
    if let Some(url) = &article.url
        && got.links.first().map(|(d, _)| d.as_str()) != Some(url.as_str())
    {
        return fail(format!(
            "title links to {:?}, want {url}",
            got.links.first()
        ));
    }

    let stream = got.blocks.join("\n");
    let mut at = 0;
    let paragraphs: Vec<&Paragraph> = article
        .blocks
        .iter()
        .flat_map(|b| match b {
            Block::Paragraph(p) => vec![p],
            Block::List(l) => l.items.iter().collect(),
            Block::Quote(q) => q.paragraphs.iter().collect(),
            _ => Vec::new(),
        })
        .collect();
    for p in &paragraphs {
        for line in p.text.split('\n').filter(|l| !l.is_empty()) {
            match stream.get(at..).and_then(|rest| rest.find(line)) {
                Some(i) => at += i + line.len(),
                None => return fail(format!("line {line:?} missing or out of order")),
            }
        }
        for link in p.links.iter().filter(|l| !l.text.is_empty()) {
            if !got
                .links
                .iter()
                .any(|(d, t)| d == &link.href && t == &link.text)
            {
                return fail(format!("link {link:?} missing"));
            }
        }
    }
    for figure in article.figures() {
        if let Some(src) = figure.original.as_ref().or(figure.src.as_ref())
            && !got.images.contains(src)
        {
            return fail(format!("image {src} missing"));
        }
    }
    Ok(())
}

#[test]
fn fixtures_and_corpus_read_back_as_commonmark() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = markdown_files(&root.join("tests/fixtures"));
    files.push(root.join("examples/sample.md"));
    match corpus_dir() {
        Some(dir) => files.extend(markdown_files(&dir)),
        None => eprintln!("markdown: no corpus at ../shared/corpus, fixtures only"),
    }
    for path in &files {
        let input = std::fs::read_to_string(path).unwrap();
        check(&path.display().to_string(), &parse_article(&input)).unwrap();
    }
}

#[test]
fn text_is_the_story_once() {
    let input = "<!--1677087543000-->\n[t](https://a.example/x)\n------\n\n\
                 <div><i>Wed, 22 Feb 2023 17:22:43 GMT</i></div>\
                 <figure><img src=\"https://a.example/p.jpg\"><figcaption>图说<cite>© 摄影</cite></figcaption></figure>\
                 <p>第一段</p><ul><li>一</li><li>二</li></ul><hr><div>获取更多RSS：<a href=\"https://feedx.net\">feedx.net</a></div>";
    let article = parse_article(input);
    assert_eq!(article.to_text(), "图说\n© 摄影\n\n第一段\n\n一\n二");
}

/// Normalised text as the parser leaves it, rich in what CommonMark
/// would read as markup.
fn markdown_hostile_text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[a-z]{1,5}",
        "[\u{4e00}-\u{9fa5}]{1,4}",
        "[0-9]{1,10}[.)]?",
        "[!-/:-@\\[-`{-~]{1,3}",
        Just("&amp;".to_owned()),
        Just("&#42;".to_owned()),
        Just("<div>".to_owned()),
        Just("***".to_owned()),
        Just("---".to_owned()),
        Just("===".to_owned()),
        Just("```".to_owned()),
        Just("~~~".to_owned()),
        Just("[a]: /u".to_owned()),
    ];
    prop::collection::vec(
        // The last separators are what a `<pre>` keeps: white space at
        // the ends of lines, tabs, runs.
        (
            word,
            prop::sample::select(vec![
                " ", " ", "", "\n", "\n\n", "\n  ", "  \n", "\t", "   ", "\n\t",
            ]),
        ),
        1..12,
    )
    .prop_map(|parts| common::join_words(&parts))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::proptest_cases()))]

    #[test]
    fn any_paragraph_text_reads_back_exactly(text in markdown_hostile_text()) {
        let article = Article {
            title: "t".into(),
            blocks: vec![Block::Paragraph(Paragraph { text: text.clone(), links: Vec::new() })],
            ..Article::default()
        };
        let markdown = article.to_markdown();
        let got = read(&markdown);
        prop_assert!(got.html.is_empty(), "raw HTML {:?} in {:?}", got.html, markdown);
        // The title heading, then the paragraph's text, paragraph breaks
        // where the text has an empty line.
        let body = got.blocks.get(1..).unwrap_or_default().join("\n\n");
        prop_assert_eq!(body, text, "markdown: {:?}", markdown);
    }
}

#[test]
fn one_line_places_lists_and_destinations_read_back() {
    let link = |href: &str, text: &str| newsarchive::Link {
        href: href.into(),
        text: text.into(),
    };
    let list = |ordered, items: &[&str]| {
        Block::List(newsarchive::List {
            ordered,
            items: items
                .iter()
                .map(|t| Paragraph {
                    text: (*t).into(),
                    links: Vec::new(),
                })
                .collect(),
        })
    };
    let article = Article {
        title: "第一行\n第二行".into(),
        url: Some("https://a.example/x?a=1&amp;b=2".parse().unwrap()),
        blocks: vec![
            Block::Paragraph(Paragraph {
                text: "见链接".into(),
                links: vec![link("https://a.example/?q=1&amp;r=2", "链接")],
            }),
            list(false, &["一", "二"]),
            list(false, &["三"]),
            list(true, &["四"]),
            list(true, &["五"]),
        ],
        ..Article::default()
    };
    let markdown = article.to_markdown();
    let got = read(&markdown);
    assert_eq!(
        got.headings.first(),
        Some(&(1, "第一行 第二行".to_owned())),
        "{markdown}"
    );
    assert_eq!(
        got.links.first().map(|(d, _)| d.as_str()),
        Some("https://a.example/x?a=1&amp;b=2")
    );
    assert!(
        got.links.contains(&(
            "https://a.example/?q=1&amp;r=2".to_owned(),
            "链接".to_owned()
        )),
        "{markdown}"
    );
    // Four lists, not two.
    let lists = Parser::new(&markdown)
        .filter(|e| matches!(e, Event::Start(Tag::List(_))))
        .count();
    assert_eq!(lists, 4, "{markdown}");
}

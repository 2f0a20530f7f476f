//! Arbitrary `Article`s through the archive writer: writing never panics,
//! and an article the parser returned (here, the reading of an arbitrary
//! article's file) writes a file that reads back as itself.
//!
//! The arbitrary model is anything at all (text with any white space and
//! markup characters, links whose text is nowhere, dates that disagree
//! with the date line), so its first file is a lossy rendering; the
//! property is on the second round: `parse(write(a1)) == a1` where
//! `a1 = parse(write(a0))`, every field but the warnings.

#![no_main]

use arbitrary::Arbitrary;
use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use newsarchive::{
    Article, Block, Embed, EmbedKind, Figure, Footer, Heading, Link, List, Paragraph, Published,
    Quote, parse_article,
};

#[derive(Debug, Arbitrary)]
struct Model {
    timestamp: Option<i64>,
    title: String,
    url: Option<String>,
    published: Option<(i64, i8, u8)>,
    dateline: Option<String>,
    byline: Vec<String>,
    blocks: Vec<B>,
    footer: Option<(String, Vec<L>)>,
    loose_links: Vec<L>,
}

#[derive(Debug, Arbitrary)]
struct L {
    href: String,
    text: String,
}

#[derive(Debug, Arbitrary)]
enum B {
    Paragraph(String, Vec<L>),
    Heading(u8, String, Vec<L>),
    List(bool, Vec<(String, Vec<L>)>),
    Quote(Vec<(String, Vec<L>)>),
    Figure {
        src: Option<String>,
        alt: Option<String>,
        caption: Option<String>,
        credit: Option<String>,
    },
    Embed {
        kind: u8,
        src: Option<String>,
        poster: Option<String>,
        title: Option<String>,
        caption: Option<String>,
        credit: Option<String>,
        fallback: Option<String>,
    },
}

fn links(ls: Vec<L>, all: &mut Vec<Link>) -> Vec<Link> {
    let ls: Vec<Link> = ls.into_iter().map(|l| Link { href: l.href, text: l.text }).collect();
    all.extend(ls.iter().cloned());
    ls
}

fn paragraph((text, ls): (String, Vec<L>), all: &mut Vec<Link>) -> Paragraph {
    Paragraph { text, links: links(ls, all) }
}

fn published((seconds, hours, precision): (i64, i8, u8)) -> Option<Published> {
    let offset = FixedOffset::east_opt(i32::from(hours % 15) * 3600)?;
    let dt = offset.timestamp_opt(seconds % 10_000_000_000, 0).single()?;
    Some(match precision % 3 {
        0 => Published::Instant(dt),
        1 => Published::Local(dt.naive_local()),
        _ => Published::Date(NaiveDate::from(dt.naive_local())),
    })
}

fn article(m: Model) -> Article {
    let mut all = Vec::new();
    let mut blocks = Vec::new();
    for b in m.blocks {
        blocks.push(match b {
            B::Paragraph(text, ls) => Block::Paragraph(paragraph((text, ls), &mut all)),
            B::Heading(level, text, ls) => Block::Heading(Heading { level, text, links: links(ls, &mut all) }),
            B::List(ordered, items) => Block::List(List {
                ordered,
                items: items.into_iter().map(|i| paragraph(i, &mut all)).collect(),
            }),
            B::Quote(ps) => Block::Quote(Quote {
                paragraphs: ps.into_iter().map(|p| paragraph(p, &mut all)).collect(),
            }),
            B::Figure { src, alt, caption, credit } => {
                Block::Figure(Box::new(Figure { src, original: None, alt, caption, credit }))
            }
            B::Embed { kind, src, poster, title, caption, credit, fallback } => {
                let kind = [EmbedKind::Video, EmbedKind::Audio, EmbedKind::Iframe, EmbedKind::Object]
                    [usize::from(kind % 4)];
                Block::Embed(Box::new(Embed { kind, src, poster, title, caption, credit, fallback }))
            }
        });
    }
    let footer = m.footer.map(|(text, ls)| Footer { text, links: links(ls, &mut all) });
    links(m.loose_links, &mut all);
    Article {
        timestamp: m.timestamp.and_then(|ms| Utc.timestamp_millis_opt(ms).single()),
        title: m.title,
        url: m.url.and_then(|u| u.parse().ok()),
        published: m.published.and_then(published),
        byline: m.byline,
        dateline: m.dateline,
        blocks,
        footer,
        links: all,
        warnings: Vec::new(),
    }
}

fn strip(a: &Article) -> Article {
    Article { warnings: Vec::new(), ..a.clone() }
}

fuzz_target!(|model: Model| {
    let a0 = article(model);
    let first = a0.to_archive();
    let a1 = parse_article(&first);
    // Without a URL, a title holding `](` and an address has no faithful
    // title line: the reader takes the address in the title for the link.
    if a1.url.is_none() && a1.title.contains("](") {
        return;
    }
    // Nor does an article whose relative addresses ran out of join budget
    // (a long URL, many relative links): the written file is longer by
    // the joined ones, so its budget may join the rest.
    if a1
        .warnings
        .iter()
        .any(|w| matches!(w, newsarchive::Warning::ResolutionLimit { .. }))
    {
        return;
    }
    let second = a1.to_archive();
    let a2 = parse_article(&second);
    assert_eq!(
        strip(&a2),
        strip(&a1),
        "a parsed article does not read back from its own file\n--- first file:\n{first}\n--- second file:\n{second}"
    );
});

//! The real archive: every file under `../shared/corpus` (or
//! `$NEWSARCHIVE_CORPUS`) parsed and checked against what the file says,
//! read independently. Skipped, with a message, when the folder is absent
//! (and failed when `CI` is set).
//!
//! `cargo test --test corpus -- --nocapture` prints a per-outlet summary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{article_texts, body_of, corpus_dir, markdown_files, nothing_lost};
use html5ever::tendril::TendrilSink;
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{ParseOpts, QualName, local_name, ns, parse_fragment};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use newsarchive::{Block, Published, Warning, parse_article};

#[derive(Default)]
struct Tally {
    files: usize,
    paragraphs: usize,
    figures: usize,
    captions: usize,
    /// Figures and players with a credit.
    credits: usize,
    /// Asides (page furniture), and how many of each kind.
    asides: usize,
    kinds: BTreeMap<String, usize>,
    dates: usize,
    date_lines: usize,
    /// Dates by kind: instants the source stated, wall-clock times placed
    /// in the outlet's zone, wall-clock times left local, dates alone.
    instants: usize,
    inferred: usize,
    local: usize,
    days: usize,
    /// Headings (subheadings included), and files with a lede.
    headings: usize,
    ledes: usize,
}

impl Tally {
    fn add(&mut self, t: &Tally) {
        self.files += t.files;
        self.paragraphs += t.paragraphs;
        self.figures += t.figures;
        self.captions += t.captions;
        self.credits += t.credits;
        self.asides += t.asides;
        for (kind, n) in &t.kinds {
            *self.kinds.entry(kind.clone()).or_default() += n;
        }
        self.dates += t.dates;
        self.date_lines += t.date_lines;
        self.instants += t.instants;
        self.inferred += t.inferred;
        self.local += t.local;
        self.days += t.days;
        self.headings += t.headings;
        self.ledes += t.ledes;
    }
}

#[test]
fn every_corpus_file() {
    let Some(dir) = corpus_dir() else {
        // Under CI the corpus is part of the set-up: its absence is a
        // failure, not a pass.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but there is no ../shared/corpus (nor NEWSARCHIVE_CORPUS)"
        );
        eprintln!("corpus test skipped: no ../shared/corpus and NEWSARCHIVE_CORPUS not set");
        return;
    };
    let files = markdown_files(&dir);
    assert!(!files.is_empty(), "no .md files under {}", dir.display());
    let mut failures = Vec::new();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for path in &files {
        let input = std::fs::read_to_string(path).unwrap();
        let outlet = path
            .parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tally = tallies.entry(outlet).or_default();
        if let Err(problems) = check_file(&input, tally) {
            failures.push(format!("{}:\n{problems}", path.display()));
        }
    }
    let row = |name: &str, t: &Tally| {
        println!(
            "{name:<14} {:>5} {:>10} {:>8} {:>7} {:>8} {:>7} {:>9} {:>6} of {:>3} {:>19}/{}/{}/{} {:>5}",
            t.files,
            t.paragraphs,
            t.headings,
            t.figures,
            t.captions,
            t.credits,
            t.asides,
            t.dates,
            t.date_lines,
            t.instants,
            t.inferred,
            t.local,
            t.days,
            t.ledes
        )
    };
    println!(
        "{:<14} {:>5} {:>10} {:>8} {:>7} {:>8} {:>7} {:>9} {:>13} {:>26} {:>5}",
        "outlet",
        "files",
        "paragraphs",
        "headings",
        "figures",
        "captions",
        "credits",
        "furniture",
        "dates",
        "instant/inferred/local/day",
        "ledes"
    );
    let mut total = Tally::default();
    for (outlet, t) in &tallies {
        row(outlet, t);
        total.add(t);
    }
    row("total", &total);
    println!("furniture by kind: {:?}", total.kinds);
    assert!(
        failures.is_empty(),
        "{} files failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn check_file(input: &str, tally: &mut Tally) -> Result<(), String> {
    let article = parse_article(input);
    let mut problems = String::new();
    tally.headings += article
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Heading(_)))
        .count();
    tally.ledes += usize::from(article.lede().is_some());
    match article.published {
        Some(Published::Instant(_)) => tally.instants += 1,
        Some(Published::Inferred(i)) => {
            tally.inferred += 1;
            // Placed in the outlet's zone only where the feed agrees.
            let feed = article.timestamp.map(|t| t.timestamp());
            if feed.is_some_and(|t| (i.instant().timestamp() - t).abs() > 86_400) {
                problems.push_str("an inferred zone a day away from the feed's timestamp\n");
            }
        }
        Some(Published::Local(_)) => tally.local += 1,
        Some(Published::Date(_)) => tally.days += 1,
        Some(_) | None => {}
    }
    let mut lines = input.lines();

    // Lines 1 and 2, read here with the simplest possible code.
    let first = lines.next().unwrap_or_default();
    let millis: i64 = first
        .strip_prefix("<!--")
        .and_then(|s| s.strip_suffix("-->"))
        .and_then(|s| s.parse().ok())
        .ok_or("line 1 is not a timestamp")?;
    if article.timestamp.map(|t| t.timestamp_millis()) != Some(millis) {
        problems.push_str(&format!("timestamp {:?} != {millis}\n", article.timestamp));
    }
    let second = lines.next().unwrap_or_default();
    let split = second.rfind("](").ok_or("line 2 has no link")?;
    let title = second[1..split].trim();
    let url = &second[split + 2..second.len() - 1];
    if article.title != title {
        problems.push_str(&format!("title {:?} != {title:?}\n", article.title));
    }
    if article.url.as_ref().map(|u| u.as_str())
        != url::Url::parse(url).ok().as_ref().map(|u| u.as_str())
    {
        problems.push_str(&format!("url {:?} != {url:?}\n", article.url));
    }

    let body = body_of(input);
    if let Err(diff) = nothing_lost(body, &article) {
        problems.push_str(&format!("nothing-lost invariant broken:\n{diff}"));
    }

    // Date line: when the body opens with one of the known shapes, a date
    // is found (or the line is a byline without date, and says so).
    let opening: String = body.chars().take(200).collect();
    // BBC puts the byline list and `<time>` inside `<main>`, after wrappers.
    let bbc_opening: String = body.chars().take(3000).collect();
    let has_date_line = opening.starts_with("<div><i>")
        || opening.starts_with("<address>")
        || (opening.starts_with("<div>") && opening.get(7..8) == Some("/"))
        || (bbc_opening.starts_with("<main") && bbc_opening.contains("<time dateTime="));
    if has_date_line {
        tally.date_lines += 1;
        let undated = article
            .warnings
            .iter()
            .any(|w| matches!(w, Warning::UndatedBody { .. }));
        if article.published.is_some() {
            tally.dates += 1;
        } else if !undated {
            problems.push_str("body opens with a date line but no date was found\n");
        }
    }

    // Every <p>'s text is somewhere in the article's text.
    let reference = reference_dom(body);
    let all_text: String = article_texts(&article)
        .concat()
        .split_whitespace()
        .collect();
    for p in elements(&reference, "p") {
        let text: String = text_of(&p).split_whitespace().collect();
        if !text.is_empty() && !all_text.contains(&text) {
            problems.push_str(&format!("<p> text missing: {text:?}\n"));
        }
    }

    // Every image is a figure, once: <img> outside <noscript> (the
    // noscript twin of a lazy image is the same picture). A figure of the
    // story or of the furniture (a spacer, a related gallery's picture).
    let blocks = common::flat_blocks(&article.blocks);
    let images = count_images(&reference);
    let figures = blocks
        .iter()
        .filter(|b| matches!(b, Block::Figure(_)))
        .count();
    tally.figures += article.figures().count();
    if figures != images {
        problems.push_str(&format!("{images} images but {figures} figures\n"));
    }
    for block in &article.blocks {
        if let Block::Aside(a) = block {
            tally.asides += 1;
            *tally.kinds.entry(format!("{:?}", a.kind)).or_default() += 1;
        }
    }
    // Each caption in the markup is a figure's (or a player's) caption.
    let captions: Vec<String> = blocks
        .iter()
        .flat_map(|b| match b {
            Block::Figure(f) => vec![f.caption.clone(), f.credit.clone()],
            Block::Embed(e) => vec![e.caption.clone(), e.credit.clone()],
            _ => vec![],
        })
        .flatten()
        .map(|c| c.split_whitespace().collect())
        .collect();
    for name in ["small", "figcaption"] {
        for node in elements(&reference, name) {
            let text: String = text_of(&node).split_whitespace().collect();
            if !text.is_empty()
                && !captions
                    .iter()
                    .any(|c| c.contains(&text) || text.contains(c.as_str()))
            {
                problems.push_str(&format!("<{name}> not paired with a figure: {text:?}\n"));
            }
        }
    }
    // Furniture is never a paragraph or figure of the story: the shapes
    // seen across the archive, read here without the parser's rules.
    for block in article.blocks.iter().filter(|b| b.is_story()) {
        match block {
            Block::Paragraph(p) => {
                let t = p.text.trim();
                let furniture = t == "分享 :"
                    || t == "点击查看本文英文版。"
                    || (t.starts_with('©') && t.contains("版权声明"))
                    || (t.starts_with("记者") && t.contains("责编"))
                    || (t.starts_with("译者/") && t.chars().count() < 20)
                    || t == "图片版权";
                if furniture {
                    problems.push_str(&format!("furniture as a story paragraph: {t:?}\n"));
                }
            }
            Block::Figure(f) => {
                let layout = f
                    .alt
                    .as_deref()
                    .is_some_and(|a| a.starts_with("Presentational"))
                    || f.src
                        .as_deref()
                        .is_some_and(|s| s.ends_with("icon-zoom.png"));
                if layout {
                    problems.push_str(&format!("a layout image as a story figure: {:?}\n", f.src));
                }
            }
            _ => {}
        }
    }
    // No caption, credit or date line is also a paragraph of the story.
    let repeated: Vec<&str> = blocks
        .iter()
        .flat_map(|b| match b {
            Block::Figure(f) => vec![f.caption.as_deref(), f.credit.as_deref()],
            Block::Embed(e) => vec![e.caption.as_deref(), e.credit.as_deref()],
            _ => vec![],
        })
        .chain([article.dateline.as_deref()])
        .flatten()
        .collect();
    for p in article.paragraphs() {
        if repeated.contains(&p.text.as_str()) {
            problems.push_str(&format!(
                "a caption, credit or date line is also a paragraph: {:?}\n",
                p.text
            ));
        }
    }
    tally.captions += article.figures().filter(|f| f.caption.is_some()).count();
    tally.credits += blocks
        .iter()
        .filter(|b| match b {
            Block::Figure(f) => f.credit.is_some(),
            Block::Embed(e) => e.credit.is_some(),
            _ => false,
        })
        .count();
    tally.paragraphs += article.paragraphs().count();
    tally.files += 1;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn reference_dom(body: &str) -> RcDom {
    let opts = ParseOpts {
        tree_builder: TreeBuilderOpts {
            scripting_enabled: false,
            ..TreeBuilderOpts::default()
        },
        ..ParseOpts::default()
    };
    parse_fragment(
        RcDom::default(),
        opts,
        QualName::new(None, ns!(html), local_name!("body")),
        vec![],
        false,
    )
    .one(body)
}

fn walk(dom: &RcDom) -> Vec<(Handle, bool)> {
    // (node, inside <noscript>)
    let mut out = Vec::new();
    let mut stack = vec![(dom.document.clone(), false)];
    while let Some((node, in_noscript)) = stack.pop() {
        let here = in_noscript
            || matches!(&node.data, NodeData::Element { name, .. } if &*name.local == "noscript");
        for child in node.children.borrow().iter().rev() {
            stack.push((child.clone(), here));
        }
        out.push((node, in_noscript));
    }
    out
}

fn elements(dom: &RcDom, tag: &str) -> Vec<Handle> {
    walk(dom)
        .into_iter()
        .filter(|(n, _)| matches!(&n.data, NodeData::Element { name, .. } if &*name.local == tag))
        .map(|(n, _)| n)
        .collect()
}

/// Images in document order, where a lazy image and its `<noscript>`
/// rendition side by side (either first, no text between) count once, and
/// an image in a `<noscript>` right after a player is the player's poster.
/// An image in `<noscript>` with no such neighbour is a picture of its own.
fn count_images(dom: &RcDom) -> usize {
    #[derive(Clone, Copy, PartialEq)]
    enum Last {
        Nothing,
        Image { in_noscript: bool },
        Player,
    }
    let mut count = 0;
    let mut last = Last::Nothing;
    for (node, in_noscript) in walk(dom) {
        match &node.data {
            NodeData::Element { name, .. }
                if &*name.local == "img"
                    || (name.local.starts_with("img") && name.local.contains('=')) =>
            {
                let twin = match last {
                    Last::Image { in_noscript: other } => other != in_noscript,
                    Last::Player => in_noscript,
                    Last::Nothing => false,
                };
                if twin {
                    last = Last::Nothing;
                } else {
                    count += 1;
                    last = Last::Image { in_noscript };
                }
            }
            NodeData::Element { name, .. }
                if matches!(&*name.local, "iframe" | "video" | "audio") =>
            {
                last = Last::Player;
            }
            NodeData::Text { contents } if !contents.borrow().trim().is_empty() => {
                last = Last::Nothing;
            }
            _ => {}
        }
    }
    count
}

fn text_of(node: &Handle) -> String {
    let mut out = String::new();
    let mut stack = vec![node.clone()];
    while let Some(n) = stack.pop() {
        match &n.data {
            NodeData::Text { contents } => out.push_str(&contents.borrow()),
            NodeData::Element { name, .. } if matches!(&*name.local, "script" | "style") => {
                continue;
            }
            _ => {}
        }
        for child in n.children.borrow().iter().rev() {
            stack.push(child.clone());
        }
    }
    out
}

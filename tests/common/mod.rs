//! Helpers shared by the integration tests: an independent reading of an
//! archive file's body text (on html5ever's reference DOM, `markup5ever_rcdom`)
//! to check the nothing-lost invariant against.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use html5ever::tendril::TendrilSink;
use html5ever::tokenizer::TokenizerOpts;
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{ParseOpts, QualName, local_name, ns, parse_fragment};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use newsarchive::{Article, Block};

/// The body of a well-formed archive file: everything after the blank line
/// that follows `------`.
pub fn body_of(input: &str) -> &str {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut offset = 0;
    for (i, line) in input.split_inclusive('\n').enumerate() {
        offset += line.len();
        if i == 3 {
            return &input[offset..];
        }
    }
    ""
}

/// The non-white-space characters of the body's text, counted, as an
/// independent DOM sees them (text outside script, style, iframe,
/// noembed, noframes and template contents).
pub fn reference_chars(body: &str) -> BTreeMap<char, usize> {
    let opts = ParseOpts {
        tokenizer: TokenizerOpts {
            discard_bom: false,
            ..TokenizerOpts::default()
        },
        tree_builder: TreeBuilderOpts {
            scripting_enabled: false,
            ..TreeBuilderOpts::default()
        },
    };
    let dom: RcDom = parse_fragment(
        RcDom::default(),
        opts,
        QualName::new(None, ns!(html), local_name!("body")),
        vec![],
        false,
    )
    .one(body);
    let mut counts = BTreeMap::new();
    let mut stack: Vec<Handle> = vec![dom.document.clone()];
    while let Some(node) = stack.pop() {
        match &node.data {
            NodeData::Text { contents } => {
                for c in contents.borrow().chars().filter(|c| !c.is_whitespace()) {
                    *counts.entry(c).or_insert(0) += 1;
                }
            }
            NodeData::Element { name, .. } => {
                let skip = matches!(
                    &*name.local,
                    "script" | "style" | "iframe" | "noembed" | "noframes" | "template"
                );
                if !skip {
                    stack.extend(node.children.borrow().iter().cloned());
                }
            }
            _ => stack.extend(node.children.borrow().iter().cloned()),
        }
    }
    counts
}

/// The blocks in page order: each aside's in its place.
pub fn flat_blocks(blocks: &[Block]) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block {
            Block::Aside(a) => out.extend(a.blocks.iter().cloned()),
            other => out.push(other.clone()),
        }
    }
    out
}

/// Every text place of an article: date line, blocks, footer.
pub fn article_texts(article: &Article) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(article.dateline.clone());
    block_texts(&article.blocks, &mut out);
    out.extend(article.footer.as_ref().map(|f| f.text.clone()));
    out
}

/// The text places of blocks, an aside's blocks in its place.
fn block_texts(blocks: &[Block], out: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Aside(a) => block_texts(&a.blocks, out),
            Block::Paragraph(p) => out.push(p.text.clone()),
            Block::Heading(h) => out.push(h.text.clone()),
            Block::List(l) => out.extend(l.items.iter().map(|i| i.text.clone())),
            Block::Quote(q) => out.extend(q.paragraphs.iter().map(|p| p.text.clone())),
            Block::Figure(f) => {
                out.extend([f.caption.clone(), f.credit.clone()].into_iter().flatten())
            }
            Block::Embed(e) => out.extend(
                [e.caption.clone(), e.credit.clone(), e.fallback.clone()]
                    .into_iter()
                    .flatten(),
            ),
            // `Block` is `#[non_exhaustive]` outside the crate; inside it
            // (`src/differential.rs` includes this file), every kind is
            // matched above.
            #[allow(unreachable_patterns)]
            other => panic!("a block kind the invariant check does not know: {other:?}"),
        }
    }
}

pub fn article_chars(article: &Article) -> BTreeMap<char, usize> {
    let mut counts = BTreeMap::new();
    for text in article_texts(article) {
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            *counts.entry(c).or_insert(0) += 1;
        }
    }
    counts
}

/// Compare the two counts; describe the difference when they disagree.
pub fn nothing_lost(body: &str, article: &Article) -> Result<(), String> {
    let want = reference_chars(body);
    let got = article_chars(article);
    if want == got {
        return Ok(());
    }
    let mut report = String::new();
    for (c, n) in &want {
        let m = got.get(c).copied().unwrap_or(0);
        if m != *n {
            report.push_str(&format!("{c:?}: body {n}, article {m}\n"));
        }
    }
    for (c, m) in &got {
        if !want.contains_key(c) {
            report.push_str(&format!("{c:?}: body 0, article {m}\n"));
        }
    }
    Err(report)
}

/// The real archive, when present: `NEWSARCHIVE_CORPUS`, else
/// `../shared/corpus` beside the repository.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("NEWSARCHIVE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

/// Every `.md` file under `dir`, sorted.
pub fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    files_with_extension(dir, "md")
}

/// Every file under `dir` whose extension is `ext`, sorted.
pub fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The fixtures, `(name, text)`, sorted by name.
pub fn fixtures() -> Vec<(String, String)> {
    markdown_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"))
        .into_iter()
        .filter_map(|p| {
            let name = p.file_stem()?.to_string_lossy().into_owned();
            Some((name, std::fs::read_to_string(&p).ok()?))
        })
        .collect()
}

/// A synthetic article of about `size` bytes: one header over the
/// fixtures' bodies, one after another, as often as it takes.
pub fn synthetic(size: usize) -> String {
    let bodies: Vec<String> = fixtures()
        .iter()
        .map(|(_, f)| body_of(f).trim_end().to_owned())
        .collect();
    let mut out = String::with_capacity(size + 4096);
    out.push_str("<!--1700000000000-->\n[合成文章](https://www.voachinese.com/a/synthetic/1.html)\n------\n\n");
    let mut i = 0;
    while out.len() < size {
        match bodies.get(i % bodies.len().max(1)) {
            Some(b) if out.len() + b.len() <= size || out.len() < size / 2 => out.push_str(b),
            _ => out.push_str("<p>填充段落，让文章达到指定长度。</p>"),
        }
        i += 1;
    }
    out
}

/// The series: a name and a function that builds a body of about `n` bytes.
pub type Series = (&'static str, fn(usize) -> String);

/// `unit` repeated to at least `n` bytes.
pub fn repeat_to(unit: &str, n: usize) -> String {
    unit.repeat(n / unit.len().max(1) + 1)
}

/// The hostile series of issue 3 (README, "Hostile input and limits"),
/// shared by `benches/pathological.rs` and `tests/memory.rs`.
pub const HOSTILE_SERIES: &[Series] = &[
    ("div_nested", |n| repeat_to("<div>", n) + "x"),
    ("li_unclosed", |n| repeat_to("<li>x", n)),
    ("ul_li_nested", |n| repeat_to("<ul><li>", n) + "x"),
    ("b_unclosed", |n| repeat_to("<b>x", n)),
    ("i_unclosed", |n| repeat_to("<i>x", n)),
    ("a_unclosed", |n| repeat_to("<a href=/x>x", n)),
    ("table_nested", |n| repeat_to("<table>", n) + "x"),
    ("p_span_nested", |n| repeat_to("<p><span>", n) + "x"),
    ("one_text_node", |n| repeat_to("字", n)),
    ("figures", |n| {
        repeat_to(
            r#"<img src="https://images.weserv.nl?url=a.example/p.jpg"><div><small>说明</small></div>"#,
            n,
        )
    }),
    ("one_element_attributes", |n| {
        let mut s = String::from("<div");
        let mut i = 0;
        while s.len() < n {
            s.push_str(&format!(" a{i}=v"));
            i += 1;
        }
        s + ">x</div>"
    }),
    ("empty_paragraphs", |n| repeat_to("<p></p>", n)),
    // Issue 9: hundreds of distinct formatting elements reopened for
    // every paragraph; foreign elements and `<noscript>` that once
    // bypassed the nesting limit.
    ("paragraphs", |n| repeat_to("<p>x", n)),
    ("formatting_reopened", |n| {
        let mut s: String = (0..250).map(|i| format!("<b class=c{i}>")).collect();
        s.insert_str(0, "<p>");
        s + &repeat_to("<p>x", n)
    }),
    ("svg_style_nested", |n| repeat_to("<svg><style>", n) + "x"),
    ("svg_image_nested", |n| repeat_to("<svg><image>", n) + "x"),
    ("noscript_div_nested", |n| {
        repeat_to("<noscript><div>", n) + "x"
    }),
    // The `dos` target: a table part after each of many distinct
    // elements the nesting cap drops (`<tr><x17>`) once cost a scan of
    // every dropped name (91 ns a byte at 16 KiB, 464 at 256 KiB).
    ("table_parts_distinct_dropped", |n| {
        let mut s = String::new();
        let mut i = 0;
        while s.len() < n {
            s.push_str(&format!("<tr><x{i}>"));
            i += 1;
        }
        s + "x"
    }),
    // Issue 10: links in one long `<pre>` whose text keeps white space
    // (tabs, runs of spaces) that a normalised reading would not; the
    // Markdown writer once searched the whole text again for each.
    ("pre_links", |n| {
        format!(
            "<pre>{}</pre>",
            repeat_to("x  <a href=/x>a\t\tb</a>  y\n", n)
        )
    }),
];

/// The property tests' case count: 300 by default (well under the
/// two-minute budget of the whole suite); `PROPTEST_CASES` runs more.
pub fn proptest_cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300)
}

/// Words joined by the separator drawn after each (the first one's is
/// not used): how the generators make normalised text.
pub fn join_words(parts: &[(String, &str)]) -> String {
    let mut out = String::new();
    for (i, (w, sep)) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(w);
    }
    out
}

/// The first field (or block, or link) in which two articles differ, to
/// report a failed round trip.
pub fn first_difference(a: &Article, b: &Article) -> String {
    macro_rules! field {
        ($f:ident) => {
            if a.$f != b.$f {
                return format!("{}:\n  was  {:?}\n  now  {:?}", stringify!($f), a.$f, b.$f);
            }
        };
    }
    field!(timestamp);
    field!(title);
    field!(url);
    field!(published);
    field!(byline);
    field!(dateline);
    for (i, (x, y)) in a.blocks.iter().zip(&b.blocks).enumerate() {
        if x != y {
            return format!("block {i}:\n  was  {x:?}\n  now  {y:?}");
        }
    }
    field!(blocks);
    field!(footer);
    for (i, (x, y)) in a.links.iter().zip(&b.links).enumerate() {
        if x != y {
            return format!("link {i}:\n  was  {x:?}\n  now  {y:?}");
        }
    }
    field!(links);
    field!(warnings);
    "none".to_owned()
}

/// The round trip's documented exception (`Article::to_archive`): a link
/// with another link nested in it (the tree builder nests them across a
/// `<table>` or `<marquee>`) has a text that leaves out the inner link's,
/// which no markup writes back. Its mark: a link whose text is in no
/// block.
pub fn nested_link_exception(article: &Article) -> bool {
    let texts = article_texts(article);
    article
        .links
        .iter()
        .any(|l| !l.text.is_empty() && !texts.iter().any(|t| t.contains(&l.text)))
}

//! `cargo bench --bench parse`: `parse_article` beside its baselines on the
//! same inputs in the same run, so every ratio is read from one run.
//!
//! Contenders, each in every group:
//! - `parse_article`: this crate, the whole file to an `Article`;
//! - `tokenizer_bound`: html5ever's tokenizer alone over the body, with a
//!   sink that only counts characters (no spec-compliant parser built on
//!   html5ever can beat it by much);
//! - `rcdom`: html5ever building its reference DOM, parse only;
//! - `scraper`: what a user would write by hand: `scraper` parsing the body
//!   and selecting `p`, `img`, `small`, `figcaption`, `a`, collecting their
//!   text and attributes;
//! - `dom_smoothie`: a readability extractor on the body wrapped in a page.
//!
//! Inputs: the bundled sample; each fixture (one per outlet shape); the
//! real corpus per outlet, every file in turn (when `../shared/corpus` or
//! `$NEWSARCHIVE_CORPUS` is there); synthetic articles of 1 KiB, 16 KiB,
//! 256 KiB and 4 MiB.

use std::cell::Cell;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use html5ever::buffer_queue::BufferQueue;
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tokenizer::{Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use html5ever::{ParseOpts, QualName, local_name, ns, parse_fragment};
use markup5ever_rcdom::RcDom;

#[path = "../tests/common/mod.rs"]
mod common;
use common::{fixtures, synthetic};

/// One input: whole archive files (for `parse_article`) and their bodies
/// (for the baselines, which know nothing of the header).
struct Input {
    files: Vec<String>,
    bodies: Vec<String>,
}

impl Input {
    fn new(files: Vec<String>) -> Input {
        let bodies = files.iter().map(|f| body(f).to_owned()).collect();
        Input { files, bodies }
    }

    fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.len() as u64).sum()
    }
}

fn body(file: &str) -> &str {
    file.splitn(5, '\n').nth(4).unwrap_or_default()
}

// --- The baselines ---------------------------------------------------------

struct CountChars(Cell<usize>);

impl TokenSink for CountChars {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::CharacterTokens(text) = token {
            self.0.set(self.0.get() + text.len());
        }
        TokenSinkResult::Continue
    }
}

fn tokenizer_bound(body: &str) -> usize {
    let tokenizer = Tokenizer::new(CountChars(Cell::new(0)), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(body));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.0.get()
}

fn rcdom(body: &str) -> RcDom {
    parse_fragment(
        RcDom::default(),
        ParseOpts::default(),
        QualName::new(None, ns!(html), local_name!("body")),
        vec![],
        false,
    )
    .one(body)
}

struct Selectors {
    p: scraper::Selector,
    img: scraper::Selector,
    small: scraper::Selector,
    figcaption: scraper::Selector,
    a: scraper::Selector,
}

fn selectors() -> Selectors {
    let s = |css| scraper::Selector::parse(css).unwrap_or_else(|e| panic!("{css}: {e}"));
    Selectors {
        p: s("p"),
        img: s("img"),
        small: s("small"),
        figcaption: s("figcaption"),
        a: s("a"),
    }
}

/// What the hand-written extraction collects: paragraph texts, image
/// sources, captions, links.
type Extracted = (Vec<String>, Vec<String>, Vec<String>, Vec<(String, String)>);

/// Paragraph texts, image sources, captions and links, the way one would
/// with scraper.
fn scraper(body: &str, sel: &Selectors) -> Extracted {
    let html = scraper::Html::parse_fragment(body);
    let paragraphs = html
        .select(&sel.p)
        .map(|e| e.text().collect::<String>())
        .collect();
    let images = html
        .select(&sel.img)
        .filter_map(|e| e.value().attr("src").map(str::to_owned))
        .collect();
    let captions = html
        .select(&sel.small)
        .chain(html.select(&sel.figcaption))
        .map(|e| e.text().collect::<String>())
        .collect();
    let links = html
        .select(&sel.a)
        .filter_map(|e| {
            let href = e.value().attr("href")?;
            Some((href.to_owned(), e.text().collect::<String>()))
        })
        .collect();
    (paragraphs, images, captions, links)
}

fn dom_smoothie(body: &str) -> Option<String> {
    let page =
        format!("<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>");
    let mut readability =
        dom_smoothie::Readability::new(page, Some("https://outlet.example/a/1.html"), None).ok()?;
    readability.parse().ok().map(|a| a.text_content.to_string())
}

// --- Groups -----------------------------------------------------------------

fn group(c: &mut Criterion, name: &str, input: &Input, sel: &Selectors) {
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Bytes(input.bytes()));
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    if input.bytes() > 1 << 20 {
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(10);
    }
    group.bench_function("parse_article", |b| {
        b.iter(|| {
            for f in &input.files {
                black_box(newsarchive::parse_article(black_box(f)));
            }
        })
    });
    group.bench_function("tokenizer_bound", |b| {
        b.iter(|| {
            input
                .bodies
                .iter()
                .map(|x| tokenizer_bound(black_box(x)))
                .sum::<usize>()
        })
    });
    group.bench_function("rcdom", |b| {
        b.iter(|| {
            for x in &input.bodies {
                black_box(rcdom(black_box(x)));
            }
        })
    });
    group.bench_function("scraper", |b| {
        b.iter(|| {
            for x in &input.bodies {
                black_box(scraper(black_box(x), sel));
            }
        })
    });
    group.bench_function("dom_smoothie", |b| {
        b.iter(|| {
            for x in &input.bodies {
                black_box(dom_smoothie(black_box(x)));
            }
        })
    });
    group.finish();
}

/// The real corpus, per outlet folder.
fn corpus() -> Vec<(String, Vec<String>)> {
    let dir = std::env::var_os("NEWSARCHIVE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let mut outlets: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                let outlet = path
                    .parent()
                    .and_then(Path::file_name)
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if let Ok(text) = std::fs::read_to_string(&path) {
                    outlets.entry(outlet).or_default().push(text);
                }
            }
        }
    }
    outlets.into_iter().collect()
}

const SAMPLE: &str = include_str!("../examples/sample.md");

fn parse(c: &mut Criterion) {
    let sel = selectors();
    group(c, "sample", &Input::new(vec![SAMPLE.to_owned()]), &sel);
    for (name, text) in fixtures() {
        group(c, &format!("fixture/{name}"), &Input::new(vec![text]), &sel);
    }
    for (outlet, files) in corpus() {
        group(c, &format!("outlet/{outlet}"), &Input::new(files), &sel);
    }
    for size in [1 << 10, 16 << 10, 256 << 10, 4 << 20] {
        group(
            c,
            &format!("size/{size}"),
            &Input::new(vec![synthetic(size)]),
            &sel,
        );
    }
}

criterion_group!(benches, parse);
criterion_main!(benches);

//! Peak memory of a parse, counted by a global allocator that keeps a high
//! water mark. Allocation sizes do not depend on timing, so this is a
//! deterministic check, not a timed one.

#![allow(clippy::unwrap_used)]

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(now, Relaxed);
        // SAFETY: same layout as asked.
        unsafe { System.alloc(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Count the change only: the system allocator grows large blocks in
        // place (mremap), so the old and new blocks are never both live.
        if new_size >= layout.size() {
            let now =
                CURRENT.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
            PEAK.fetch_max(now, Relaxed);
        } else {
            CURRENT.fetch_sub(layout.size() - new_size, Relaxed);
        }
        // SAFETY: forwarded as received.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Relaxed);
        // SAFETY: allocated above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One test at a time: the counters count every thread, and the test
/// harness runs tests on several. Each test holds this for its whole body
/// (inputs are built inside it too).
static MEASURING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn alone() -> std::sync::MutexGuard<'static, ()> {
    MEASURING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Bytes allocated at the peak of `f`, above what was live before it, and
/// what is still live after it (what it returned).
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize, usize) {
    let before = CURRENT.load(Relaxed);
    PEAK.store(before, Relaxed);
    let out = f();
    let kept = CURRENT.load(Relaxed).saturating_sub(before);
    (out, PEAK.load(Relaxed) - before, kept)
}

#[test]
fn a_four_megabyte_article_peaks_within_four_times_its_size() {
    let _alone = alone();
    let input = common::synthetic(4 << 20);
    let (article, peak, kept) = peak_of(|| newsarchive::parse_article(&input));
    let ratio = (peak + input.len()) as f64 / input.len() as f64;
    eprintln!(
        "input {} bytes, parse peak {} bytes above it, total {ratio:.2}x the input; the article itself {} bytes, {} blocks",
        input.len(),
        peak,
        kept,
        article.blocks.len()
    );
    assert!(ratio <= 4.0, "peak memory {ratio:.2}x the input");
}

/// The `structured` fuzz target's finding, minimised
/// (`tests/inputs/reopened_copies.md`, a grammar body): formatting
/// elements left open in a table are reopened, foster-parented, for each
/// text, and each copy keeps its attributes. The filter's slack counted
/// the copies' elements, not their attributes: 1.21 MB for 4 KB (the
/// original, 4.7 MB for 20 KB), now 166 KB.
#[test]
fn reopened_formatting_copies_count_their_attributes() {
    let _alone = alone();
    let input = include_str!("inputs/reopened_copies.md");
    let (_, peak, _) = peak_of(|| newsarchive::parse_article(input));
    let total = peak + input.len();
    eprintln!(
        "{} bytes: peak {total} ({:.1}x)",
        input.len(),
        total as f64 / input.len() as f64
    );
    // A floor of 256 KiB, not the grammar's 1 MiB: the finding passed
    // that by a hair.
    assert!(
        total <= 40 * input.len() + (256 << 10),
        "peak {total} for {} bytes",
        input.len()
    );
}

/// Every hostile series of the pathological bench (and a title line full
/// of `](`), at 256 KiB: the parse's peak stays a small multiple of the
/// input. The multiple does not grow with the size (the series are
/// linear), so one size stands for all.
#[test]
fn hostile_input_peaks_within_a_small_multiple_of_its_size() {
    let _alone = alone();
    const HEADER: &str = "<!--1677087543000-->\n[t](https://a.example/x)\n------\n\n";
    // The dearest series makes a list item of every five bytes (`<li>x`):
    // a tree node, an element, a text node and a `Paragraph` each, some
    // 180 bytes for five. Linear, and bounded by this.
    const LIMIT: f64 = 40.0;
    let mut inputs: Vec<(&str, String)> = common::HOSTILE_SERIES
        .iter()
        .map(|(name, build)| (*name, format!("{HEADER}{}", build(256 << 10))))
        .collect();
    inputs.push((
        "title_line",
        format!(
            "<!--1677087543000-->\n[{}](https://a.example/x)\n------\n\n<p>x</p>",
            common::repeat_to("](", 256 << 10)
        ),
    ));
    // Fuzzing (`dos`): tag names full of `<` (`<l<<>`, no node past the
    // nesting limit) once sized the tree's tables for a node at every
    // `<`: 44x at the limit of 64.
    inputs.push((
        "lt_in_tag_names",
        format!("{HEADER}{}", common::repeat_to("<l<<>", 256 << 10)),
    ));
    // Review: each join of a relative address copies the article's URL,
    // so a long URL and `<a href>` repeated cost their product (958x
    // for an 8 KB URL and a thousand links) until the joins were
    // budgeted (`Warning::ResolutionLimit`).
    inputs.push((
        "joins_to_a_long_url",
        format!(
            "<!--1677087543000-->\n[t](https://a.example/{})\n------\n\n{}",
            "p".repeat(8 << 10),
            common::repeat_to("<a href>x", 256 << 10)
        ),
    ));
    // Two series make an article paragraph every four bytes (`<p>x`):
    // the article's own blocks and the tree under them cost some 42x the
    // input there, whatever the parser does. Reopened formatting
    // elements (issue 9: 4,800x before the filter bounded them) may add
    // at most that much again.
    const PARAGRAPH_SERIES: &[&str] = &["paragraphs", "formatting_reopened"];
    const PARAGRAPH_LIMIT: f64 = 2.0 * 42.0;
    let mut worst = (0.0, "");
    let mut worst_paragraphs = (0.0, "");
    for (name, input) in &inputs {
        let (_, peak, _) = peak_of(|| newsarchive::parse_article(input));
        let ratio = (peak + input.len()) as f64 / input.len() as f64;
        eprintln!("{name:<24} {ratio:>6.2}x");
        let slot = if PARAGRAPH_SERIES.contains(name) {
            &mut worst_paragraphs
        } else {
            &mut worst
        };
        if ratio > slot.0 {
            *slot = (ratio, name);
        }
    }
    assert!(
        worst.0 <= LIMIT,
        "{} peaks at {:.2}x its input",
        worst.1,
        worst.0
    );
    assert!(
        worst_paragraphs.0 <= PARAGRAPH_LIMIT,
        "{} peaks at {:.2}x its input",
        worst_paragraphs.1,
        worst_paragraphs.0
    );
}

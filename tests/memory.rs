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

/// Bytes allocated at the peak of `f`, above what was live before it.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = CURRENT.load(Relaxed);
    PEAK.store(before, Relaxed);
    let out = f();
    (out, PEAK.load(Relaxed) - before)
}

#[test]
fn a_four_megabyte_article_peaks_within_four_times_its_size() {
    let input = common::synthetic(4 << 20);
    let before = CURRENT.load(Relaxed);
    let (article, peak) = peak_of(|| newsarchive::parse_article(&input));
    let kept = CURRENT.load(Relaxed) - before;
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

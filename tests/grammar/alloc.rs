//! A counting global allocator with a high-water mark, per thread: the
//! binary that uses the grammar's checks installs it with
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOCATOR: grammar::alloc::Counting = grammar::alloc::Counting;
//! ```
//!
//! Per thread, unlike `tests/memory.rs`, so that the test harness's other
//! threads (and proptest's) do not move the count of the one measuring: a
//! parse allocates and frees on its own thread only. The counters are
//! `const`-initialised and need no destructor, so reading them from inside
//! the allocator never allocates.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

pub struct Counting;

thread_local! {
    static CURRENT: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
    static SEEN: Cell<bool> = const { Cell::new(false) };
}

fn grow(by: usize) {
    let _ = CURRENT.try_with(|c| {
        let now = c.get().wrapping_add(by as isize);
        c.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
    let _ = SEEN.try_with(|s| s.set(true));
}

fn shrink(by: usize) {
    let _ = CURRENT.try_with(|c| c.set(c.get().wrapping_sub(by as isize)));
}

// SAFETY: forwards to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        // SAFETY: same layout as asked.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grow(layout.size());
        // SAFETY: same layout as asked.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Count the change only, as tests/memory.rs does: the system
        // allocator grows large blocks in place (mremap).
        if new_size >= layout.size() {
            grow(new_size - layout.size());
        } else {
            shrink(layout.size() - new_size);
        }
        // SAFETY: forwarded as received.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrink(layout.size());
        // SAFETY: allocated above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Bytes allocated on this thread at the peak of `f`, above what was live
/// before it. Panics when the counting allocator is not installed, so a
/// memory check can never pass by measuring nothing.
pub fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = CURRENT.with(Cell::get);
    PEAK.with(|p| p.set(before));
    SEEN.with(|s| s.set(false));
    let out = f();
    assert!(
        SEEN.with(Cell::get),
        "no allocation counted: install grammar::alloc::Counting as the global allocator"
    );
    let peak = PEAK.with(Cell::get) - before;
    (out, usize::try_from(peak).unwrap_or(0))
}

//! Amplified bodies: cost must grow linearly with the input. The input is
//! a split byte, then text cut there into a prefix and a unit; the body is
//! the prefix once and the unit repeated (a U+0001 in the unit numbering
//! the repetitions), to some 16 KiB and to some 256 KiB, under a fixed,
//! valid header. Both sizes are parsed, and the
//! target fails when
//!
//! - a parse's peak memory (default options), the input included, passes
//!   84 times the input plus 1 MiB (counted by a global allocator:
//!   deterministic): the README's ceiling for the dearest series, an
//!   article paragraph every four bytes (`<p>x`), whose blocks and tree
//!   cost 42x on their own and twice that just after a table doubles.
//!   (The other series stay under 40x at the sizes `tests/memory.rs`
//!   measures, but any unit crosses a doubling at some size: at 40x the
//!   target failed on `<a href>x`, a link every nine bytes.) What it
//!   catches is growth with no bound: 4,800x before the reopened
//!   formatting elements were bounded; or
//! - the larger parse costs more than 4 times as much per byte as the
//!   smaller one, plus 20 ns a byte, and takes at least 30 ms: the
//!   quadratic detector. It times parses with `max_depth(64)`, not the
//!   default 512: the tree builder scans the elements open for each start
//!   tag, so until the cap is full, each byte costs more than the last
//!   (linear with a constant of 512 once it is full; README, "Hostile
//!   input and limits"). A unit that leaves one element open in a few KB
//!   fills 512 only after the smaller size, and its cost per byte grew
//!   4–5× from 16 KiB to 256 KiB, then flattened by 1 MiB: fourteen such
//!   "quadratic" inputs in the first 10 minutes. At 64 they are flat (the
//!   worst 1.7× from 16 KiB to 1 MiB), while a real quadratic (a cost
//!   that grows with what was read, not with what is open) is as steep as
//!   at 512.
//!
//! Why those sizes: with n bytes costing a·n + b·n², the cost per byte at
//! 16× the size is (a + 16·b·n) / (a + b·n) times the smaller's, which
//! passes 4 as soon as the quadratic part is a quarter of the linear one
//! at the smaller size, while timing noise seldom reaches 4×. (At 4× the
//! size, as 64 KiB against 256 KiB, no quadratic ever reaches 4×.)
//! Against noise, only the parse itself is timed, in the CPU time of the
//! thread (`CLOCK_THREAD_CPUTIME_ID`), not the wall clock: on this shared
//! 2-core machine a wall-clock `Instant` made a quarter of the first run's
//! inputs "quadratic" by waiting for a core (the same units, on CPU time,
//! cost 53–77 ns a byte from 16 KiB to 1 MiB). Each time is the best of
//! three runs, the larger's only re-run when it looks bad.
//!
//! `DOS_CHECK=memory` or `DOS_CHECK=time` runs one of the two checks only
//! (`tmin` on a memory failure, which is deterministic, goes faster);
//! `DOS_VERBOSE=1` prints the two times of every input.
//!
//! Build it without a sanitizer, or the times are AddressSanitizer's, and
//! with 16 codegen units, as a plain `cargo build --release` compiles the
//! crate: cargo-fuzz's default of one lets LLVM inline and fold loops that
//! a user's build runs. The limit's count of open elements (one visit per
//! element held, through html5ever's `trace_handles`) is such a loop:
//! `<div><noscript>` repeated (a `<noscript>` is never held back by the
//! cap) costs 82 then 80 ns a byte at 16 and 256 KiB built with one unit,
//! 282 then 2957 built with sixteen.
//!
//! ```sh
//! cargo fuzz run dos -s none --codegen-units 16 --target-dir target/cgu16 -- \
//!     -dict=dict/archive.dict -max_len=4096 -rss_limit_mb=1024 -timeout=60
//! ```

#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use newsarchive::{Options, parse_article};

#[path = "../../tests/grammar/alloc.rs"]
mod alloc;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

const HEADER: &str =
    "<!--1677087543000-->\n[标题](https://www.voachinese.com/a/1.html)\n------\n\n";
const SMALL: usize = 16 << 10;
const LARGE: usize = 256 << 10;
const MEMORY_PER_BYTE: usize = 84;
const MEMORY_FLOOR: usize = 1 << 20;
const RATIO: f64 = 4.0;
const FLOOR_NS_PER_BYTE: f64 = 20.0;
const MIN_LARGE: Duration = Duration::from_millis(30);
/// The nesting cap of the timed parses (see above).
const TIMED_DEPTH: usize = 64;

/// The header, the prefix once, the unit until the file holds `size` bytes.
/// A U+0001 in the unit stands for the repetition's number, so that one
/// unit can make many distinct elements (`<b class=c\u{1}>`): the tree
/// builder treats identical formatting elements differently (it keeps
/// three of a kind at most).
fn amplify(prefix: &str, unit: &str, size: usize) -> String {
    let mut s = String::with_capacity(size + unit.len() + HEADER.len());
    s.push_str(HEADER);
    s.push_str(prefix);
    let numbered = unit.contains('\u{1}');
    let mut i = 0usize;
    while s.len() < size {
        if numbered {
            s.push_str(&unit.replace('\u{1}', &i.to_string()));
        } else {
            s.push_str(unit);
        }
        i += 1;
    }
    s
}

/// CPU time this thread has used.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(ts.tv_sec.unsigned_abs(), ts.tv_nsec.unsigned_abs() as u32)
}

/// Peak memory above the baseline of one parse with the default options.
fn peak(input: &str) -> usize {
    alloc::peak_of(|| parse_article(input)).1
}

/// The least CPU time of `runs` parses under the timing cap.
fn best_of(input: &str, runs: usize) -> Duration {
    let options = Options::new().max_depth(TIMED_DEPTH);
    (0..runs)
        .map(|_| {
            let start = thread_cpu();
            let article = options.parse(input);
            let elapsed = thread_cpu().saturating_sub(start);
            drop(article);
            elapsed
        })
        .min()
        .unwrap_or_default()
}

fn per_byte(d: Duration, input: &str) -> f64 {
    d.as_nanos() as f64 / input.len() as f64
}

fuzz_target!(|data: &[u8]| {
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut at = usize::from(split) * text.len() / 256;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let (prefix, unit) = text.split_at(at);
    if unit.is_empty() {
        return;
    }
    let small = amplify(prefix, unit, SMALL);
    let large = amplify(prefix, unit, LARGE);

    let check = std::env::var("DOS_CHECK").unwrap_or_default();
    for input in [&small, &large] {
        if check == "time" {
            break;
        }
        let total = peak(input) + input.len();
        assert!(
            total <= MEMORY_PER_BYTE * input.len() + MEMORY_FLOOR,
            "peak memory {total} bytes for {} bytes of input ({:.1}x)\nprefix: {prefix:?}\nunit: {unit:?}",
            input.len(),
            total as f64 / input.len() as f64,
        );
    }

    if check == "memory" {
        return;
    }
    let t_small = best_of(&small, 3);
    let mut t_large = best_of(&large, 1);
    let limit = |t_small: Duration| RATIO * per_byte(t_small, &small) + FLOOR_NS_PER_BYTE;
    if std::env::var_os("DOS_VERBOSE").is_some() {
        eprintln!(
            "{:.1} ns a byte at {} bytes ({t_small:?}), {:.1} at {} bytes ({t_large:?})",
            per_byte(t_small, &small),
            small.len(),
            per_byte(t_large, &large),
            large.len()
        );
    }
    if t_large >= MIN_LARGE && per_byte(t_large, &large) > limit(t_small) {
        // Look again before calling it quadratic: the machine is shared.
        t_large = t_large.min(best_of(&large, 2));
        let t_small = t_small.min(best_of(&small, 3));
        assert!(
            t_large < MIN_LARGE || per_byte(t_large, &large) <= limit(t_small),
            "{:.1} ns a byte at {} bytes ({t_large:?}) against {:.1} at {} bytes ({t_small:?})\nprefix: {prefix:?}\nunit: {unit:?}",
            per_byte(t_large, &large),
            large.len(),
            per_byte(t_small, &small),
            small.len(),
        );
    }
});

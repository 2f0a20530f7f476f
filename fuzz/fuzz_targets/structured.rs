//! Bodies from the grammar of `tests/grammar` (figures and captions in
//! every order, lazy images and their twins, players, date lines, the
//! footer, SVG and MathML islands, templates, tables, formatting runs,
//! nesting past `max_depth`, attribute floods past `max_attributes`)
//! under a fixed, valid header, parsed with the default options and with
//! the document's small limits. For both: no panic; nothing lost or
//! doubled; strict succeeds, with the same article, exactly when there is
//! no warning; the written archive reads back as the article, every
//! field but the warnings; peak memory at most 40 times the input plus
//! 1 MiB. The same checks run under proptest in `tests/structured.rs`.
//!
//! For hunting past a known failure, and for `cargo fuzz tmin` (which
//! otherwise drifts to whichever failure is nearest): `STRUCTURED_ONLY`
//! fails only on failures whose first line contains it, `STRUCTURED_SKIP`
//! not on those whose first line contains it (`memory`, `lost`, `strict`,
//! `reads back`, `small limits`, `default options`; several, with `|`).
//! Unset, every failure fails.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/mod.rs"]
mod common;
#[path = "../../tests/grammar/mod.rs"]
mod grammar;

#[global_allocator]
static ALLOCATOR: grammar::alloc::Counting = grammar::alloc::Counting;

fn patterns(name: &str) -> Option<Vec<String>> {
    std::env::var(name)
        .ok()
        .map(|v| v.split('|').map(str::to_owned).collect())
}

fn filters() -> &'static (Option<Vec<String>>, Option<Vec<String>>) {
    static FILTERS: OnceLock<(Option<Vec<String>>, Option<Vec<String>>)> = OnceLock::new();
    FILTERS.get_or_init(|| (patterns("STRUCTURED_ONLY"), patterns("STRUCTURED_SKIP")))
}

fuzz_target!(|doc: grammar::Doc| {
    let input = doc.input();
    let limits = doc.limits;
    let (only, skip) = filters();
    let failures: Vec<String> =
        grammar::check::failures(&input, limits.max_depth(), limits.max_attributes())
            .into_iter()
            .filter(|report| {
                let first = report.lines().next().unwrap_or_default();
                let any = |ps: &Vec<String>| ps.iter().any(|p| first.contains(p.as_str()));
                only.as_ref().is_none_or(any) && !skip.as_ref().is_some_and(any)
            })
            .collect();
    if !failures.is_empty() {
        panic!("{}", failures.join("\n\n"));
    }
});

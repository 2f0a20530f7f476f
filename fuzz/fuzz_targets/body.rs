//! Arbitrary bytes as the body under a fixed, valid header: no panic, and
//! every character of the body's text is in the article exactly once.

#![no_main]

use libfuzzer_sys::fuzz_target;
use newsarchive::parse_article;

#[path = "../../tests/common/mod.rs"]
mod common;

const HEADER: &str = "<!--1677087543000-->\n[标题](https://www.voachinese.com/a/1.html)\n------\n\n";

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let input = format!("{HEADER}{body}");
    let article = parse_article(&input);
    assert_eq!(article.title, "标题");
    if let Err(diff) = common::nothing_lost(common::body_of(&input), &article) {
        panic!("text lost or duplicated:\n{diff}\nbody: {body:?}");
    }
});

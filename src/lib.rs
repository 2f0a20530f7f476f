//! Parse archived full-text RSS news articles into a typed [`Article`].
//!
//! News archivers on GitHub save each feed item as a small file:
//!
//! ```text
//! <!--1677087543000-->
//! [Title of the story](https://outlet.example/a/story.html)
//! ------
//!
//! <div><i>Wed, 22 Feb 2023 17:22:43 GMT</i></div><img src="…"><div><small>caption</small></div><p>First paragraph…</p>
//! ```
//!
//! Line 1 is the feed item's `pubDate` in epoch milliseconds, line 2 the
//! title linked to the article, then a separator, an empty line and the
//! item's HTML on one line. [`parse_article`] turns such a file into an
//! [`Article`]: the header fields, the date line's date and byline, the
//! body as paragraphs, headings, figures with their captions, lists,
//! quotes and embeds in document order, and every link resolved against
//! the article's URL.
//!
//! ```
//! use newsarchive::{Block, parse_article};
//!
//! let input = r#"<!--1677087543000-->
//! [普京会晤王毅](https://www.voachinese.com/a/6974233.html)
//! ------
//!
//! <div><i>Wed, 22 Feb 2023 17:22:43 GMT</i></div><img src="https://images.weserv.nl?url=gdb.voanews.com/pic.jpg" width="100%"><div><small style="color: #999;">普京在克里姆林宫会晤王毅。</small></div><p>俄罗斯总统普京星期三会见王毅。</p>"#;
//!
//! let article = parse_article(input);
//! assert_eq!(article.timestamp.unwrap().to_rfc3339(), "2023-02-22T17:39:03+00:00");
//! assert_eq!(article.url.as_ref().unwrap().host_str(), Some("www.voachinese.com"));
//! assert_eq!(article.published.unwrap().to_string(), "2023-02-22T17:22:43Z");
//!
//! let figure = article.figures().next().unwrap();
//! assert_eq!(figure.caption.as_deref(), Some("普京在克里姆林宫会晤王毅。"));
//! assert_eq!(figure.original.as_deref(), Some("https://gdb.voanews.com/pic.jpg"));
//! assert!(matches!(article.blocks[1], Block::Paragraph(_)));
//! assert!(article.warnings.is_empty());
//! ```
//!
//! # Lenient and strict
//!
//! [`parse_article`] never fails and never panics: whatever the input, it
//! returns what it could read and lists what it repaired in
//! [`Article::warnings`]. [`Options::parse_strict`] turns the first of
//! those warnings into an [`Error`] that says what was expected, what was
//! found and where; [`Options::parse`] is the lenient parse under other
//! limits.
//!
//! # Nothing is lost
//!
//! Every character of the body's text (outside `<script>`, `<style>` and
//! the like) ends up in exactly one place of the [`Article`]: a block, a
//! caption, a credit, the date line or the footer. The crate's tests check
//! this on every fixture, every file of the real corpus, every html5lib
//! tree-construction input and bodies drawn from a grammar of the
//! archive's shapes. Past [`Options::max_depth`] it holds too, with one
//! known gap, where an SVG or MathML island straddles the limit (the
//! README's "Hostile input and limits"); such an article always carries
//! [`Warning::NestingLimit`].
//!
//! # Writing it out
//!
//! [`Article::to_markdown`] renders CommonMark for people to read,
//! [`Article::to_text`] the plain story for indexing, and
//! [`Article::to_archive`] the archive file itself, which
//! [`parse_article`] reads back into the same article. `Display` is a
//! short summary.
//!
//! # Features
//!
//! - `serde` (on by default): `Serialize` and `Deserialize` for the
//!   model. Dates are RFC 3339 strings, blocks are tagged by `"type"`,
//!   warnings by `"kind"` (the same name as [`Warning::name`]). Without it
//!   (`default-features = false`) the crate depends on html5ever, html5gum,
//!   url, chrono, thiserror and memchr only.
//!
//! Whole archives go to JSON Lines, Parquet or CSV with the `newsarchive`
//! command (the `cli/` crate of this repository's workspace), which uses
//! only this public API.

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

// The crate's own tests name it as its users do, so that the shared
// test helpers (`tests/common`, `tests/generate`) work inside it too.
#[cfg(test)]
extern crate self as newsarchive;

mod article;
mod body;
mod content;
mod date;
#[cfg(test)]
mod differential;
mod dom;
mod error;
mod figure;
mod furniture;
mod header;
mod lede;
mod links;
mod options;
mod output;
mod text;
mod zones;

pub use article::{
    Article, Aside, AsideKind, Block, Embed, EmbedKind, Figure, Footer, Heading, Inferred, Link,
    List, Paragraph, Published, Quote,
};
pub use error::{Error, Warning};
pub use options::{Options, parse_article};

/// The `chrono` crate, whose types appear in [`Article`].
pub use chrono;
/// The `chrono-tz` crate, whose [`Tz`](chrono_tz::Tz) appears in
/// [`Inferred`].
pub use chrono_tz;
/// The `url` crate, whose [`Url`](url::Url) appears in [`Article`].
pub use url;

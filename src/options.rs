//! The entry points and their knobs.

use crate::article::Article;
use crate::dom::Limits;
use crate::error::{Diagnostics, Error};
use crate::{body, header, zones};

/// How to parse: the limits, in a by-value builder, so a configured value
/// can be kept and reused; then a lenient [`parse`](Options::parse) that
/// always gives an article, or a strict
/// [`parse_strict`](Options::parse_strict) that refuses any departure
/// from the format.
///
/// ```
/// use newsarchive::Options;
///
/// let input = "<!--1677087543000-->\n[Title](https://outlet.example/a/1.html)\n------\n\n<p>Text</p>";
/// let options = Options::new().max_depth(64);
/// assert_eq!(options.parse(input).title, "Title");
/// let article = options.parse_strict(input)?;
/// assert_eq!(article.title, "Title");
/// # Ok::<(), newsarchive::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[must_use]
pub struct Options {
    limits: Limits,
}

impl Options {
    /// The defaults: lenient, at most 512 elements open at once, at most
    /// 256 attributes per element.
    pub fn new() -> Options {
        Options::default()
    }

    /// How many elements the body may hold open at once (default 512, the
    /// depth at which Chromium's parser stops nesting).
    ///
    /// Deeper nesting makes the HTML tree builder's work grow with the
    /// square of the input, so start tags beyond the limit are dropped
    /// before it sees them; their text stays, in the deepest element still
    /// open, and the parse reports [`Warning::NestingLimit`](crate::Warning::NestingLimit).
    /// Unclosed formatting elements (`<b>`, `<a>`…) count twice, as the
    /// tree builder keeps them in two lists.
    ///
    /// What is text never changes at the limit: a dropped `<svg>`, `<math>`
    /// or `<template>` (or an element inside SVG or MathML) is followed by
    /// the rules that decide text, so a CDATA section stays text, a
    /// template's content stays hidden and an SVG `<title>`'s markup stays
    /// markup. The same warning reports the tree builder's other runaway:
    /// when it has had to reopen more than a thousand formatting elements
    /// beyond the start tags it was given (hundreds of them left open,
    /// reopened for every paragraph), the formatting elements are closed
    /// and later formatting start tags dropped, their text kept.
    ///
    /// ```
    /// use newsarchive::{Options, Warning};
    ///
    /// let deep = format!("<!--1677087543000-->\n[t](https://a.example/)\n------\n\n{}text", "<div>".repeat(100));
    /// let article = Options::new().max_depth(32).parse(&deep);
    /// assert_eq!(article.paragraphs().next().unwrap().text, "text");
    /// assert!(matches!(article.warnings[0], Warning::NestingLimit { limit: 32, .. }));
    /// ```
    pub fn max_depth(mut self, max_depth: usize) -> Options {
        self.limits.max_depth = max_depth;
        self
    }

    /// How many attributes an element may keep (default 256); the rest are
    /// dropped, with [`Warning::AttributeLimit`](crate::Warning::AttributeLimit).
    /// Attributes are never text, so nothing of the story is lost; those
    /// the HTML tree builder reads (`type`, `color`, `face`, `size`,
    /// `encoding`) are always kept, so the limit never changes the tree.
    pub fn max_attributes(mut self, max_attributes: usize) -> Options {
        self.limits.max_attributes = max_attributes;
        self
    }

    /// Parse one archive file leniently, as [`parse_article`] does, within
    /// these limits: never fails, keeps every piece of text it can read,
    /// and reports what it had to repair in [`Article::warnings`].
    #[must_use]
    pub fn parse(&self, input: &str) -> Article {
        parse_with_diagnostics(input, self.limits).0
    }

    /// Parse one archive file strictly: every [`Warning`](crate::Warning)
    /// the lenient parse would report is an [`Error`] instead. The article
    /// it returns is the lenient parse's, which then has no warnings.
    ///
    /// # Errors
    ///
    /// The first departure from the archive format, with its line and
    /// byte offset.
    pub fn parse_strict(&self, input: &str) -> Result<Article, Error> {
        let (article, diagnostics) = parse_with_diagnostics(input, self.limits);
        match diagnostics.first_error() {
            Some(error) => Err(error),
            None => Ok(article),
        }
    }
}

fn parse_with_diagnostics(input: &str, limits: Limits) -> (Article, Diagnostics) {
    parse_with(input, limits, |html, base, limits| {
        body::read(html, base, limits)
    })
}

fn parse_with(
    input: &str,
    limits: Limits,
    read_body: impl FnOnce(&str, Option<&url::Url>, Limits) -> body::Body,
) -> (Article, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let header = header::parse(input, &mut diagnostics);
    let body = read_body(header.body, header.url.as_ref(), limits);
    for warning in body.warnings {
        diagnostics.push(warning, header.body_position);
    }
    // A wall-clock time in the outlet's zone, where the URL tells the
    // outlet and the feed's timestamp agrees.
    let published = body
        .published
        .map(|p| zones::infer(p, header.url.as_ref(), header.timestamp));
    let mut article = Article {
        timestamp: header.timestamp,
        title: header.title,
        url: header.url,
        published,
        byline: body.byline,
        dateline: body.dateline,
        blocks: body.blocks,
        footer: body.footer,
        links: body.links,
        warnings: Vec::new(),
    };
    article.warnings = diagnostics.warnings();
    (article, diagnostics)
}

/// Parse one archive file leniently: never fails, never panics, keeps
/// every piece of text it can read and reports what it had to repair in
/// [`Article::warnings`].
///
/// ```
/// let input = "<!--1677087543000-->\n\
///     [普京会晤王毅](https://www.voachinese.com/a/6974233.html)\n\
///     ------\n\
///     \n\
///     <div><i>Wed, 22 Feb 2023 17:22:43 GMT</i></div><p>第一段。</p><a href=\"/a/6972971.html\"></a>";
/// let article = newsarchive::parse_article(input);
/// assert_eq!(article.title, "普京会晤王毅");
/// assert_eq!(article.published.unwrap().to_string(), "2023-02-22T17:22:43Z");
/// assert_eq!(article.paragraphs().next().unwrap().text, "第一段。");
/// assert_eq!(article.links[0].href, "https://www.voachinese.com/a/6972971.html");
/// assert!(article.warnings.is_empty());
/// ```
pub fn parse_article(input: &str) -> Article {
    parse_with_diagnostics(input, Limits::default()).0
}

/// The same parse on the reference tree: html5ever's own tokenizer building
/// `markup5ever_rcdom`, copied into the crate's tree. For the differential
/// tests (`src/differential.rs`) that keep the production tree honest.
#[cfg(test)]
pub(crate) fn parse_article_reference(input: &str) -> Article {
    parse_with(input, Limits::default(), |html, base, limits| {
        let dom = crate::dom::Dom::parse_body_reference(html);
        let resolver = crate::links::Resolver::new(base, html.len());
        body::walk(&dom, crate::dom::Stats::default(), resolver, limits)
    })
    .0
}

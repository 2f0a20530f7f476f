//! Writing an [`Article`] back out in the archive's own template.
//!
//! The writer emits markup the parser reads back into the same model: each
//! block in the plainest shape the body walk recognises (`<p>`, `<hN>`,
//! `<ul>`, `<blockquote>`, `<figure>` with `<figcaption>` and `<cite>`),
//! each link around its text, the date line in whichever of the outlets'
//! shapes reproduces its text, date and byline, and the footer after an
//! `<hr>`. The model does not record where in a text a link sat, only its
//! text and order, so each link wraps the first occurrence of its text
//! after the previous one.

mod dateline;
mod markup;
mod plan;

use std::fmt::Write as _;

use crate::article::{
    Article, Block, Embed, EmbedKind, Figure, Footer, Link, Paragraph, flattened,
};
use crate::error::Warning;
use crate::header;
use crate::output::spans::{finder, link_spans, place};
use dateline::write_dateline;
use markup::{needs_pre, write_attr, write_linked, write_spans};
use plan::LinkPlan;

impl Article {
    /// The article as an archive file: the header lines (`<!--ms-->`,
    /// `[title](url)`, `------`, a blank line) and the body as HTML on one
    /// line, escaped where HTML needs it.
    ///
    /// Parsing the result gives this article back: every field but
    /// [`warnings`](Article::warnings), which describe the file an article
    /// was read from (the file written here is well-formed wherever the
    /// article allows it, so a repaired `<imgsrc=…>` is not written again,
    /// while an undated date line is). That holds for the articles
    /// [`parse_article`] returns; an article assembled by hand round-trips
    /// when it could have come from a parse (its date line reads as its
    /// date and byline, its footer is a feed footer, its links are among
    /// [`links`](Article::links), its furniture is set apart in
    /// [`Block::Aside`]s as the rules on [`AsideKind`](crate::AsideKind)
    /// would: asides are written as the blocks they hold, and read back
    /// by those rules). Three exceptions: with no
    /// [`url`](Article::url), a title holding `](` and an address has no
    /// faithful title line, as the reader would take that address for the
    /// link; a link with
    /// another link nested in it (the tree builder nests links only across
    /// a `<table>` or `<marquee>`, or in SVG) has a text that leaves out the inner
    /// link's, which no markup writes back; and an article whose relative
    /// addresses met the budget of their joins
    /// ([`Warning::ResolutionLimit`](crate::Warning::ResolutionLimit)) keeps
    /// the rest relative, which the written file, longer by the joined
    /// ones, may have budget enough to join.
    ///
    /// The writer never lets text turn into markup: text and attributes
    /// are escaped, and a title's line breaks are kept only where they
    /// cannot end the header.
    ///
    /// ```
    /// let input = "<!--1677087543000-->\n[标题](https://www.voachinese.com/a/1.html)\n------\n\n\
    ///              <div><i>Wed, 22 Feb 2023 17:22:43 GMT</i></div><p>第一段 <a href=\"/a/2.html\">链接</a></p>";
    /// let article = newsarchive::parse_article(input);
    /// let written = article.to_archive();
    /// assert_eq!(newsarchive::parse_article(&written), article);
    /// ```
    ///
    /// [`parse_article`]: crate::parse_article
    pub fn to_archive(&self) -> String {
        let mut out = String::with_capacity(256 + self.blocks.len() * 128);
        match self.timestamp {
            Some(t) => {
                // Ten digits or fewer read as seconds (see the header): the
                // first months of 1970 are written zero-padded to eleven.
                let ms = t.timestamp_millis();
                let sign = if ms < 0 { "-" } else { "" };
                let _ = writeln!(out, "<!--{sign}{:011}-->", ms.unsigned_abs());
            }
            None => out.push_str("<!--NaN-->\n"),
        }
        out.push('[');
        out.push_str(&title_lines(&self.title));
        out.push_str("](");
        if let Some(url) = &self.url {
            out.push_str(url.as_str());
        }
        out.push_str(")\n------\n\n");

        let body_start = out.len();
        // Furniture is written in place, as the blocks it holds: the
        // reader sets it apart again by the same rules.
        let blocks: Vec<&Block> = flattened(&self.blocks).collect();
        let mut links = LinkPlan::new(self, &blocks);
        if self.dateline.is_some() || self.published.is_some() || !self.byline.is_empty() {
            write_dateline(&mut out, self, &mut links);
        }
        for block in blocks {
            links.flush_empty_unclaimed(&mut out);
            write_block(&mut out, block, &mut links);
        }
        if let Some(footer) = &self.footer {
            write_footer(&mut out, footer, &mut links);
        }
        links.flush_all(&mut out);
        // A body with markup but no text (a comment, an empty element)
        // is a body all the same: an empty one would read as missing.
        if out.len() == body_start
            && !self
                .warnings
                .iter()
                .any(|w| matches!(w, Warning::MissingBody))
        {
            out.push_str("<!---->");
        }
        out.push('\n');
        out
    }
}

/// The title as the header's title line(s). A title read from several
/// lines keeps its line breaks when each line reads back as part of the
/// title (not blank, not a `------` separator, and few enough to stay in
/// the header); otherwise its line breaks become spaces, so no title can
/// end the header early and turn the rest of itself into body.
fn title_lines(title: &str) -> std::borrow::Cow<'_, str> {
    let lines: Vec<&str> = title.split('\n').collect();
    let safe = lines.len() <= header::MAX_TITLE_LINES
        && lines
            .iter()
            .all(|l| !(l.trim().is_empty() || header::is_separator(l) || l.ends_with('\r')));
    if safe {
        std::borrow::Cow::Borrowed(title)
    } else {
        std::borrow::Cow::Owned(title.replace(['\r', '\n'], " "))
    }
}

fn write_block(out: &mut String, block: &Block, links: &mut LinkPlan<'_>) {
    match block {
        Block::Paragraph(p) => write_paragraph(out, "p", &p.text, &p.links, links),
        Block::Heading(h) => write_paragraph(out, heading_tag(h.level), &h.text, &h.links, links),
        Block::List(list) => {
            let tag = if list.ordered { "ol" } else { "ul" };
            write_container(out, tag, "li", &list.items, links);
        }
        Block::Quote(q) => write_container(out, "blockquote", "p", &q.paragraphs, links),
        Block::Figure(f) => write_figure(out, f, links),
        Block::Embed(e) => write_embed(out, e, links),
        Block::Aside(a) => {
            // Only an aside nested in an aside, which the reader never
            // makes, comes here: its blocks in place all the same.
            for inner in &a.blocks {
                write_block(out, inner, links);
            }
        }
    }
}

fn heading_tag(level: u8) -> &'static str {
    match level {
        0 | 1 => "h1",
        2 => "h2",
        3 => "h3",
        4 => "h4",
        5 => "h5",
        _ => "h6",
    }
}

/// A list or a quote: its paragraphs in `item` elements.
fn write_container(
    out: &mut String,
    tag: &str,
    item: &str,
    paragraphs: &[Paragraph],
    links: &mut LinkPlan<'_>,
) {
    let _ = write!(out, "<{tag}>");
    for p in paragraphs {
        write_paragraph(out, item, &p.text, &p.links, links);
    }
    let _ = write!(out, "</{tag}>");
}

/// A text with its own links, in element `tag`; `<pre>` when the text's
/// white space would not survive a reading as ordinary text.
fn write_paragraph(
    out: &mut String,
    tag: &str,
    text: &str,
    own: &[Link],
    links: &mut LinkPlan<'_>,
) {
    links.flush_before_own(out, own);
    // A `<pre>` also when a link's text has white space of its own where
    // the text has a line break (read from a `<pre>` at first): there the
    // text keeps its breaks and the link's text reads them as spaces.
    let texts = own.iter().map(|l| l.text.as_str());
    let (mut spans, normalised) = place(text, texts.clone());
    let pre = needs_pre(text) || normalised;
    if pre && !normalised {
        // In a `<pre>`, links are placed by the white-space-run reading.
        spans = link_spans(texts, finder(text, true));
    }
    // A paragraph becomes the `<pre>`; anything else holds one.
    let (open, close) = match (pre, tag) {
        (false, _) => (format!("<{tag}>"), format!("</{tag}>")),
        (true, "p") => ("<pre>".to_owned(), "</pre>".to_owned()),
        (true, _) => (format!("<{tag}><pre>"), format!("</pre></{tag}>")),
    };
    out.push_str(&open);
    let own_refs: Vec<&Link> = own.iter().collect();
    write_spans(out, text, &own_refs, spans, pre);
    links.take_owned(out, own);
    out.push_str(&close);
}

fn write_figure(out: &mut String, f: &Figure, links: &mut LinkPlan<'_>) {
    out.push_str("<figure><img");
    if let Some(src) = &f.src {
        write_attr(out, "src", src);
    }
    if let Some(alt) = &f.alt {
        write_attr(out, "alt", alt);
    }
    out.push('>');
    write_caption(out, f.caption.as_deref(), f.credit.as_deref(), links);
    out.push_str("</figure>");
}

fn write_embed(out: &mut String, e: &Embed, links: &mut LinkPlan<'_>) {
    // `<embed>` is void; the others close.
    let (tag, void) = match e.kind {
        EmbedKind::Video => ("video", false),
        EmbedKind::Audio => ("audio", false),
        EmbedKind::Iframe => ("iframe", false),
        EmbedKind::Object => ("embed", true),
    };
    let _ = write!(out, "<figure><{tag}");
    if let Some(src) = &e.src {
        write_attr(out, "src", src);
    }
    if let Some(poster) = &e.poster {
        write_attr(out, "poster", poster);
    }
    if let Some(title) = &e.title {
        write_attr(out, "title", title);
    }
    out.push('>');
    if !void {
        let _ = write!(out, "</{tag}>");
    }
    if let Some(fallback) = &e.fallback {
        out.push_str("<noscript>");
        write_region(out, fallback, links);
        out.push_str("</noscript>");
    }
    write_caption(out, e.caption.as_deref(), e.credit.as_deref(), links);
    out.push_str("</figure>");
}

/// `<figcaption>caption<cite>credit</cite></figcaption>`.
fn write_caption(
    out: &mut String,
    caption: Option<&str>,
    credit: Option<&str>,
    links: &mut LinkPlan<'_>,
) {
    if caption.is_none() && credit.is_none() {
        return;
    }
    out.push_str("<figcaption>");
    if let Some(caption) = caption {
        write_region(out, caption, links);
    }
    if let Some(credit) = credit {
        out.push_str("<cite>");
        write_region(out, credit, links);
        out.push_str("</cite>");
    }
    out.push_str("</figcaption>");
}

/// A caption's, credit's or fallback's text with the links that sit in it.
/// Text that keeps white space a normal reading would collapse goes in a
/// `<pre>`, as in a paragraph.
fn write_region(out: &mut String, text: &str, links: &mut LinkPlan<'_>) {
    let (pre, count) = links.region_links(text);
    let inside = links.take(count);
    if pre {
        out.push_str("<pre>");
    }
    write_linked(out, text, &inside, pre);
    if pre {
        out.push_str("</pre>");
    }
}

fn write_footer(out: &mut String, footer: &Footer, links: &mut LinkPlan<'_>) {
    links.flush_before_own(out, &footer.links);
    let pre = needs_pre(&footer.text);
    out.push_str(if pre { "<hr><div><pre>" } else { "<hr><div>" });
    let own: Vec<&Link> = footer.links.iter().collect();
    write_linked(out, &footer.text, &own, pre);
    links.take_owned(out, &footer.links);
    out.push_str(if pre { "</pre></div>" } else { "</div>" });
}

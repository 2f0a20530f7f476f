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

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

use crate::article::{Article, Block, Embed, EmbedKind, Figure, Footer, Link, Paragraph};
use crate::body;
use crate::date::MAX_DATELINE_CHARS;
use crate::dom::Limits;
use crate::error::Warning;
use crate::text::{TextBuf, find_verbatim, link_spans};

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
    /// [`links`](Article::links)). Three exceptions: with no
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
        let mut links = LinkPlan::new(self);
        if self.dateline.is_some() || self.published.is_some() || !self.byline.is_empty() {
            write_dateline(&mut out, self, &mut links);
        }
        for block in &self.blocks {
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
    let safe = lines.len() <= 6
        && lines.iter().all(|l| {
            let t = l.trim();
            let separator = t.len() >= 3 && t.bytes().all(|b| b == b'-');
            !(t.is_empty() || separator || l.ends_with('\r'))
        });
    if safe {
        std::borrow::Cow::Borrowed(title)
    } else {
        std::borrow::Cow::Owned(title.replace(['\r', '\n'], " "))
    }
}

/// Which of the article's links belong to a block's own text, and which
/// (captions', the date line's, image links) are written where they fall.
struct LinkPlan<'a> {
    all: &'a [Link],
    /// `all[i]` is one of a paragraph's, heading's, item's or the
    /// footer's own links.
    owned: Vec<bool>,
    /// For each own link, in writing order, its index in `all` (`None`
    /// when the article does not list it).
    assigned: Vec<Option<usize>>,
    /// The next entry of `assigned` to write.
    next_own: usize,
    /// The next link of `all` not yet written.
    next: usize,
    /// The indices in `all` of the links with text equal to an own link.
    with_text: Vec<usize>,
}

/// How far past the last match to look for a text's links: the links
/// between texts (image links, captions' links) are few, and the bound
/// keeps the matching linear (at most this many steps a text).
const LINK_WINDOW: usize = 4096;

/// How many of the texts after a run of media blocks must still find
/// their links when the media take theirs: a bound that keeps the plan
/// linear (equal links chain over few texts).
const MAX_NEXT_TEXTS: usize = 16;

/// How many blocks that search looks ahead at most.
const MAX_AHEAD: usize = 64;

impl<'a> LinkPlan<'a> {
    fn new(article: &'a Article) -> LinkPlan<'a> {
        let all = article.links.as_slice();
        let mut plan = LinkPlan {
            all,
            owned: vec![false; all.len()],
            assigned: Vec::new(),
            next_own: 0,
            next: 0,
            with_text: Vec::new(),
        };
        // One group per block: the own links of its texts (a paragraph, a
        // heading, each list item and quoted paragraph), then the
        // footer's. The reader lists a block's links after those between
        // it and the block before (an empty anchor, an image link), as one
        // run. Media blocks take the links their texts hold first (as the
        // writer will, from where the plan stands; see `media_end`).
        let groups: Vec<Vec<&Link>> = article
            .blocks
            .iter()
            .map(|block| own_links(block).into_iter().flatten().collect())
            .chain(article.footer.iter().map(|f| f.links.iter().collect()))
            .collect();
        // The links with text that some text has for its own (a caption's
        // other links cannot fill a text's run), and how many own links
        // with text the groups from each one on hold.
        let own: HashSet<&Link> = groups.iter().flatten().copied().collect();
        plan.with_text = (0..all.len())
            .filter(|&i| {
                all.get(i)
                    .is_some_and(|l| !l.text.is_empty() && own.contains(l))
            })
            .collect();
        let mut demand: Vec<usize> = groups
            .iter()
            .rev()
            .scan(0, |sum, g| {
                *sum += g.iter().filter(|l| !l.text.is_empty()).count();
                Some(*sum)
            })
            .collect();
        demand.reverse();
        // The media blocks between two texts with links of their own take
        // theirs together: one's caption can hold a link the next one's
        // must leave to it.
        // The date line's links come first, taken the same way.
        let mut from = 0;
        let mut media: Vec<&str> = article.dateline.as_deref().into_iter().collect();
        for (k, group) in groups.iter().enumerate() {
            if let Some(texts) = article.blocks.get(k).and_then(media_texts) {
                media.extend(texts);
                continue;
            }
            if group.is_empty() {
                continue;
            }
            if !media.is_empty() {
                from = plan.media_end(from, &media, &article.blocks, &groups, &demand, k);
                media.clear();
            }
            if k < article.blocks.len() {
                from = plan.assign(group, from);
            }
        }
        plan.next = 0;
        if let Some(footer) = &article.footer {
            let group: Vec<&Link> = footer.links.iter().collect();
            plan.assign(&group, from);
        }
        plan
    }

    /// Where the links of a run of media blocks end, when their texts
    /// (`texts`, in writing order) take theirs from `from`: each text takes
    /// those it holds, of equal links the first (the text blocks after it
    /// get the later ones). The most they can take with the texts from
    /// block `k` on still finding their links ([`Self::rest_follows`]);
    /// all they hold if no take leaves them so.
    fn media_end(
        &mut self,
        from: usize,
        texts: &[&str],
        blocks: &[Block],
        groups: &[Vec<&Link>],
        demand: &[usize],
        k: usize,
    ) -> usize {
        let most = self.media_take(from, texts, usize::MAX);
        let mut memo = HashMap::new();
        (from..=most)
            .rev()
            .find(|&end| {
                self.media_take(from, texts, end) == end
                    && self.rest_follows(end, blocks, groups, demand, k, &mut memo)
            })
            .unwrap_or(most)
    }

    /// Whether, from link `at`, the blocks from `k` on can still take
    /// their links: each text with links of its own its run, after nothing
    /// but empty links, and each run of media blocks between some of what
    /// it holds. A search over the blocks ahead, remembered by block and
    /// link, and bounded: [`MAX_NEXT_TEXTS`] texts with links of their
    /// own, [`MAX_AHEAD`] blocks.
    fn rest_follows(
        &mut self,
        at: usize,
        blocks: &[Block],
        groups: &[Vec<&Link>],
        demand: &[usize],
        k: usize,
        memo: &mut HashMap<(usize, usize), bool>,
    ) -> bool {
        // (block, link, texts checked, blocks seen): an explicit stack of
        // the choices still to try, depth first.
        let mut stack = vec![(k, at, 0usize, 0usize)];
        while let Some((j, at, checked, seen)) = stack.pop() {
            if checked == MAX_NEXT_TEXTS || seen == MAX_AHEAD || j >= groups.len() {
                // Past the search's reach, count: enough links with text
                // left for the runs still to come (a chain of equal links,
                // one taken too many, comes up short).
                let needed = demand.get(j).copied().unwrap_or(0);
                let left = self.with_text.len() - self.with_text.partition_point(|&i| i < at);
                if left >= needed {
                    return true;
                }
                continue;
            }
            if memo.insert((j, at), false).is_some() {
                // Tried from here already, and it led nowhere (or is on
                // the way now).
                continue;
            }
            let mut media: Vec<&str> = Vec::new();
            let mut next = j;
            while let Some(texts) = blocks.get(next).and_then(media_texts) {
                media.extend(texts);
                next += 1;
            }
            if next > j {
                // Each take of the media run, the least first on the
                // stack so the most is tried first.
                let most = self.media_take(at, &media, usize::MAX);
                for end in at..=most {
                    if self.media_take(at, &media, end) == end {
                        stack.push((next, end, checked, seen + (next - j)));
                    }
                }
                continue;
            }
            match groups.get(j) {
                Some(group) if group.is_empty() => stack.push((j + 1, at, checked, seen + 1)),
                Some(group) => {
                    if let Some(end) = self.run_follows(at, group) {
                        stack.push((j + 1, end, checked + 1, seen + 1));
                    }
                }
                None => return true,
            }
        }
        false
    }

    /// Where `texts` stop taking links from `from`, none past `cap`. A
    /// text's links have text; the empty ones after its last go before a
    /// later block's links.
    fn media_take(&mut self, from: usize, texts: &[&str], cap: usize) -> usize {
        self.next = from;
        for text in texts {
            let (_, fits) = self.region_links(text);
            // The cap too ends a take at a link with text.
            let limit = fits.min(cap.saturating_sub(self.next));
            let count = (0..limit)
                .rev()
                .find(|k| {
                    self.all
                        .get(self.next + k)
                        .is_some_and(|l| !l.text.is_empty())
                })
                .map_or(0, |k| k + 1);
            self.next = self.next.saturating_add(count).min(self.all.len());
        }
        self.next
    }

    /// Whether `group` comes at `from`, after nothing but empty links:
    /// where it ends.
    fn run_follows(&self, from: usize, group: &[&Link]) -> Option<usize> {
        let end = self.all.len().min(from.saturating_add(LINK_WINDOW));
        let p = self
            .all
            .get(from..end)
            .and_then(|window| find_run_in(window.iter(), group))?;
        self.all
            .get(from..from + p)
            .is_some_and(|skipped| skipped.iter().all(|l| l.text.is_empty()))
            .then_some(from + p + group.len())
    }

    /// Whether a caption's, credit's or fallback's text is written in a
    /// `<pre>`, and how many of the links from `next` on sit in it (see
    /// [`write_region`]).
    fn region_links(&self, text: &str) -> (bool, usize) {
        if needs_pre(text) {
            return (true, self.unowned_in(text, true));
        }
        // As in a paragraph: a `<pre>` also when a link's text has white
        // space of its own where the text has a line break.
        let verbatim = self.unowned_in(text, false);
        if self.is_unowned_with_text(self.next + verbatim) {
            let normalised = self.unowned_in(text, true);
            if normalised > verbatim {
                return (true, normalised);
            }
        }
        (false, verbatim)
    }

    /// Match one block's own links to entries of `all` from `from` on: as
    /// one run if they appear as one (the usual case, and the one that
    /// leaves the links between blocks outside them), else one by one.
    fn assign(&mut self, group: &[&Link], from: usize) -> usize {
        if group.is_empty() {
            return from;
        }
        let end = self
            .all
            .len()
            .min(from.saturating_add(LINK_WINDOW + group.len()));
        let run = self
            .all
            .get(from..end)
            .and_then(|window| find_run_in(window.iter(), group))
            .map(|p| from + p);
        if let Some(p) = run {
            for k in 0..group.len() {
                self.mark(Some(p + k));
            }
            return p + group.len();
        }
        let mut from = from;
        for link in group {
            let end = self.all.len().min(from.saturating_add(LINK_WINDOW));
            match (from..end).find(|&p| self.all.get(p) == Some(*link)) {
                Some(p) => {
                    self.mark(Some(p));
                    from = p + 1;
                }
                None => self.mark(None),
            }
        }
        from
    }

    fn mark(&mut self, index: Option<usize>) {
        if let Some(slot) = index.and_then(|i| self.owned.get_mut(i)) {
            *slot = true;
        }
        self.assigned.push(index);
    }

    /// Where the next own link sits in `all`.
    fn peek_own(&self) -> Option<usize> {
        self.assigned.get(self.next_own).copied().flatten()
    }

    fn is_owned(&self, i: usize) -> bool {
        self.owned.get(i).copied().unwrap_or(false)
    }

    /// Write the links before `until` that no text claimed as empty
    /// anchors between blocks (an image link, a trailing `<a href>`).
    fn flush_until(&mut self, out: &mut String, until: usize) {
        while self.next < until {
            if let Some(link) = self.all.get(self.next)
                && !self.is_owned(self.next)
            {
                open_anchor(out, &link.href);
                out.push_str("</a>");
            }
            self.next += 1;
        }
    }

    fn flush_all(&mut self, out: &mut String) {
        self.flush_until(out, self.all.len());
    }

    /// How many of the unowned links from here on have texts that occur,
    /// in order, in `text` (found verbatim, or in `<pre>` text by their
    /// normalised white space): they sit in this caption, credit or date
    /// line.
    fn unowned_in(&self, text: &str, pre: bool) -> usize {
        let mut find = finder(text, pre);
        let mut at = 0;
        let mut count = 0;
        for (i, link) in self.all.iter().enumerate().skip(self.next) {
            if self.is_owned(i) {
                break;
            }
            if !link.text.is_empty() {
                match find(at, &link.text) {
                    Some(range) => at = range.end,
                    None => break,
                }
            }
            count += 1;
        }
        count
    }

    /// Take the next `count` links.
    fn take(&mut self, count: usize) -> Vec<&'a Link> {
        let start = self.next.min(self.all.len());
        let end = start.saturating_add(count).min(self.all.len());
        self.next = end;
        self.all
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .collect()
    }

    /// Whether `all[i]` is a link no text claims, with text of its own.
    fn is_unowned_with_text(&self, i: usize) -> bool {
        self.all
            .get(i)
            .is_some_and(|l| !l.text.is_empty() && !self.is_owned(i))
    }

    /// Write the empty links no text claims that come next (image links,
    /// empty anchors): between blocks they read back the same.
    fn flush_empty_unclaimed(&mut self, out: &mut String) {
        while let Some(link) = self.all.get(self.next)
            && link.text.is_empty()
            && !self.is_owned(self.next)
        {
            open_anchor(out, &link.href);
            out.push_str("</a>");
            self.next += 1;
        }
    }

    /// Before a text with links of its own: write the links before its
    /// first that no text claims.
    fn flush_before_own(&mut self, out: &mut String, own: &[Link]) {
        if !own.is_empty()
            && let Some(first) = self.peek_own()
        {
            self.flush_until(out, first);
        }
    }

    /// A text's own links were written: step past them (writing the links
    /// before each that no text claimed).
    fn take_owned(&mut self, out: &mut String, links: &[Link]) {
        for _ in links {
            if let Some(i) = self.peek_own() {
                self.flush_until(out, i);
                self.next = self.next.max(i + 1);
            }
            self.next_own += 1;
        }
    }
}

/// A media block's texts, in writing order (a player's fallback, then
/// caption and credit); `None` for the other blocks.
fn media_texts(block: &Block) -> Option<impl Iterator<Item = &str>> {
    let texts = match block {
        Block::Figure(f) => [None, f.caption.as_deref(), f.credit.as_deref()],
        Block::Embed(e) => [
            e.fallback.as_deref(),
            e.caption.as_deref(),
            e.credit.as_deref(),
        ],
        _ => return None,
    };
    Some(texts.into_iter().flatten())
}

/// The links of a block's own texts: its paragraph's, heading's, items'.
fn own_links(block: &Block) -> Vec<&[Link]> {
    match block {
        Block::Paragraph(p) => vec![&p.links],
        Block::Heading(h) => vec![&h.links],
        Block::List(l) => l.items.iter().map(|i| i.links.as_slice()).collect(),
        Block::Quote(q) => q.paragraphs.iter().map(|p| p.links.as_slice()).collect(),
        _ => Vec::new(),
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
    let verbatim = link_spans(own.iter().map(|l| l.text.as_str()), find_verbatim(text));
    let links_fit = own
        .iter()
        .zip(&verbatim)
        .all(|(link, span)| link.text.is_empty() || span.is_some());
    let pre = needs_pre(text) || !links_fit;
    // A paragraph becomes the `<pre>`; anything else holds one.
    let (open, close) = match (pre, tag) {
        (false, _) => (format!("<{tag}>"), format!("</{tag}>")),
        (true, "p") => ("<pre>".to_owned(), "</pre>".to_owned()),
        (true, _) => (format!("<{tag}><pre>"), format!("</pre></{tag}>")),
    };
    out.push_str(&open);
    let own_refs: Vec<&Link> = own.iter().collect();
    write_linked(out, text, &own_refs, pre);
    links.take_owned(out, own);
    out.push_str(&close);
}

/// Whether `text`, written with `<br>` for its line breaks, would read
/// back differently: runs of white space, tabs and other spaces, three
/// breaks in a row, white space at a line's ends. Such text (from a
/// `<pre>`) is written in a `<pre>`.
fn needs_pre(text: &str) -> bool {
    let mut buf = TextBuf::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            buf.push_break();
        }
        buf.push_str(line);
    }
    buf.finish() != text
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

/// The date line, in the first of the outlets' shapes that reads back as
/// the article's date line, date and byline.
fn write_dateline(out: &mut String, article: &Article, links: &mut LinkPlan<'_>) {
    let text = article.dateline.as_deref().unwrap_or_default();
    // The reader takes no date line longer than two elements of its
    // longest; trying shapes for a longer one would only cost time.
    let candidates = if text.chars().count() > 2 * MAX_DATELINE_CHARS {
        dateline_shapes(article, text).into_iter().take(1).collect()
    } else {
        dateline_shapes(article, text)
    };
    let reads_back = |parts: &[Part<'_>]| {
        let mut html = String::new();
        render_parts(&mut html, parts, &[]);
        let body = body::read(&html, None, Limits::default());
        body.dateline.as_deref() == article.dateline.as_deref()
            && body.published == article.published
            && body.byline == article.byline
    };
    let chosen = candidates
        .iter()
        .find(|parts| reads_back(parts))
        .or(candidates.first());
    if let Some(parts) = chosen {
        let count = links.unowned_in(text, false);
        let inside = links.take(count);
        render_parts(out, parts, &inside);
    }
}

/// A piece of a date-line shape: markup, or a stretch of the date line's
/// text (which links may wrap).
enum Part<'t> {
    Markup(String),
    Text(&'t str),
}

fn render_parts(out: &mut String, parts: &[Part<'_>], links: &[&Link]) {
    // Links are placed across the text parts in order.
    let mut remaining: &[&Link] = links;
    for part in parts {
        match part {
            Part::Markup(m) => out.push_str(m),
            Part::Text(t) => {
                let fits = count_fitting(t, remaining);
                let (here, rest) = remaining.split_at_checked(fits).unwrap_or((remaining, &[]));
                write_linked(out, t, here, false);
                remaining = rest;
            }
        }
    }
    for link in remaining {
        open_anchor(out, &link.href);
        out.push_str("</a>");
    }
}

/// How many of `links`, in order, find their text in `text` (empty ones
/// fit anywhere).
fn count_fitting(text: &str, links: &[&Link]) -> usize {
    let mut find = find_verbatim(text);
    let mut at = 0;
    links
        .iter()
        .take_while(|link| {
            if link.text.is_empty() {
                return true;
            }
            find(at, &link.text).map(|range| at = range.end).is_some()
        })
        .count()
}

/// How many of a date line's line breaks are tried as the border between
/// its `<address>` and its `<time>`.
const MAX_SPLITS: usize = 8;

/// The shapes a date line may take, most common first.
fn dateline_shapes<'t>(article: &Article, text: &'t str) -> Vec<Vec<Part<'t>>> {
    let time_open = match &article.published {
        Some(p) => {
            let mut m = String::from("<time");
            write_attr(&mut m, "datetime", &p.to_string());
            m.push('>');
            m
        }
        // No date: an attribute that is none, so the text is not read as
        // one either (the article's date line had no readable date).
        None => "<time datetime=\"?\">".to_owned(),
    };
    let markup = |s: &str| Part::Markup(s.to_owned());
    let mut shapes = vec![
        // VOA, DW, Reuters, NYT 2020: an italic line.
        vec![markup("<div><i>"), Part::Text(text), markup("</i></div>")],
        // A `<time>` alone.
        vec![
            markup("<div>"),
            Part::Markup(time_open.clone()),
            Part::Text(text),
            markup("</time></div>"),
        ],
    ];
    // An `<address>` alone: a byline without a date.
    if article.published.is_none() {
        shapes.push(vec![
            markup("<address>"),
            Part::Text(text),
            markup("</address>"),
        ]);
    }
    // NYT: `<address>` and `<time>`, either order, split at a line break.
    for (i, _) in text.match_indices('\n').take(MAX_SPLITS) {
        let (before, after) = (
            text.get(..i).unwrap_or_default(),
            text.get(i + 1..).unwrap_or_default(),
        );
        shapes.push(vec![
            markup("<address>"),
            Part::Text(before),
            markup("</address>"),
            Part::Markup(time_open.clone()),
            Part::Text(after),
            markup("</time>"),
        ]);
        shapes.push(vec![
            Part::Markup(time_open.clone()),
            Part::Text(before),
            markup("</time><address>"),
            Part::Text(after),
            markup("</address>"),
        ]);
    }
    // BBC: the names as a list, one a line, then the `<time>`.
    let lines: Vec<&str> = text.split('\n').collect();
    let names = article.byline.len();
    if names > 0
        && let (Some(list), Some(rest)) = (lines.get(..names), lines.get(names..))
        && !rest.is_empty()
    {
        let mut shape = vec![markup("<div><ul>")];
        for name in list {
            shape.extend([markup("<li>"), Part::Text(name), markup("</li>")]);
        }
        shape.push(markup("</ul></div><div>"));
        shape.push(Part::Markup(time_open.clone()));
        let time_text = text
            .match_indices('\n')
            .nth(names - 1)
            .and_then(|(i, _)| text.get(i + 1..))
            .unwrap_or_default();
        shape.push(Part::Text(time_text));
        shape.push(markup("</time></div>"));
        shapes.push(shape);
    }
    // RFI: a plain block.
    shapes.push(vec![markup("<div>"), Part::Text(text), markup("</div>")]);
    shapes
}

/// Write `text` escaped, `\n` as `<br>` (or a character reference inside
/// `<pre>`), with each link around the first occurrence of its text after
/// the previous link (see [`link_spans`]); a link whose text is empty or
/// not found is written empty where the previous one ended.
fn write_linked(out: &mut String, text: &str, links: &[&Link], pre: bool) {
    let spans = link_spans(links.iter().map(|l| l.text.as_str()), finder(text, pre));
    let mut at = 0;
    for (link, span) in links.iter().zip(spans) {
        if let Some(span) = span {
            escape_text(out, text.get(at..span.start).unwrap_or_default(), pre);
            open_anchor(out, &link.href);
            escape_text(out, text.get(span.clone()).unwrap_or_default(), pre);
            out.push_str("</a>");
            at = span.end;
        } else {
            open_anchor(out, &link.href);
            out.push_str("</a>");
        }
    }
    escape_text(out, text.get(at..).unwrap_or_default(), pre);
}

/// `find(from, needle)`: where `needle` next is in a text (see
/// [`link_spans`]).
type Finder<'t> = dyn FnMut(usize, &str) -> Option<Range<usize>> + 't;

/// How a link's text is found in a text: verbatim, or in a `<pre>` text
/// (which keeps its white space, while a link's text is normalised) white
/// space run for white space run.
fn finder(text: &str, pre: bool) -> Box<Finder<'_>> {
    if pre {
        Box::new(find_normalised(text))
    } else {
        Box::new(find_verbatim(text))
    }
}

/// `find` for [`link_spans`] over `<pre>` text: the text is read once with
/// each white space run as one space, remembering where each character
/// came from, and the needle (its runs likewise) is searched in that.
fn find_normalised(raw: &str) -> impl FnMut(usize, &str) -> Option<Range<usize>> + '_ {
    let mut normalised = String::with_capacity(raw.len());
    // (byte in `normalised`, raw start, raw end) for each character.
    let mut chars: Vec<(usize, usize, usize)> = Vec::new();
    let mut iter = raw.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let mut end = i + c.len_utf8();
        if c.is_whitespace() {
            while let Some((j, w)) = iter.next_if(|(_, w)| w.is_whitespace()) {
                end = j + w.len_utf8();
            }
            chars.push((normalised.len(), i, end));
            normalised.push(' ');
        } else {
            chars.push((normalised.len(), i, end));
            normalised.push(c);
        }
    }
    move |from, needle| {
        let needle = needle.split_whitespace().collect::<Vec<_>>().join(" ");
        let first_char = chars.partition_point(|&(_, start, _)| start < from);
        let from = chars.get(first_char).map_or(normalised.len(), |c| c.0);
        let start = from + normalised.get(from..)?.find(&needle)?;
        let end = start + needle.len();
        let first = chars.get(chars.partition_point(|c| c.0 < start))?;
        let last = chars.get(chars.partition_point(|c| c.0 < end).checked_sub(1)?)?;
        Some(first.1..last.2)
    }
}

/// Knuth–Morris–Pratt: where the first run of `needle` starts in the
/// links `haystack` yields (linear in both).
fn find_run_in<'a>(haystack: impl Iterator<Item = &'a Link>, needle: &[&Link]) -> Option<usize> {
    // failure[i]: the length of the longest proper border of needle[..=i].
    let mut failure = vec![0usize; needle.len()];
    let mut k = 0;
    for i in 1..needle.len() {
        while k > 0 && needle.get(i) != needle.get(k) {
            k = failure.get(k - 1).copied().unwrap_or(0);
        }
        if needle.get(i) == needle.get(k) {
            k += 1;
        }
        if let Some(slot) = failure.get_mut(i) {
            *slot = k;
        }
    }
    let mut matched = 0;
    for (i, link) in haystack.enumerate() {
        while matched > 0 && needle.get(matched).is_none_or(|n| *n != link) {
            matched = failure.get(matched - 1).copied().unwrap_or(0);
        }
        if needle.get(matched).is_some_and(|n| *n == link) {
            matched += 1;
        }
        if matched == needle.len() {
            return Some(i + 1 - matched);
        }
    }
    None
}

fn open_anchor(out: &mut String, href: &str) {
    out.push_str("<a");
    write_attr(out, "href", href);
    out.push('>');
}

fn escape_text(out: &mut String, text: &str, pre: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' if pre => out.push_str("&#10;"),
            '\n' => out.push_str("<br>"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

fn write_attr(out: &mut String, name: &str, value: &str) {
    let _ = write!(out, " {name}=\"");
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_in_preformatted_text_is_found_by_its_normalised_text() {
        let raw = "x  a\t\tb\n c  a b";
        let find = |from, needle| find_normalised(raw)(from, needle);
        assert_eq!(find(0, "a b c"), Some(3..10));
        assert_eq!(find(4, "a b"), Some(12..15));
        assert_eq!(find(0, "a  b"), Some(3..7));
        assert_eq!(find(0, "a\nb"), Some(3..7));
        assert_eq!(find(0, "z"), None);
        // Far into a long text: every place is tried.
        let long = format!("{}https://e.x", "h  ".repeat(70));
        assert_eq!(find_normalised(&long)(0, "https://e.x"), Some(210..221));
    }

    #[test]
    fn runs_of_links_are_found_past_equal_ones() {
        let link = |h: &str| Link {
            href: h.into(),
            text: String::new(),
        };
        let (e, x) = (link(""), link("x"));
        let hay = [
            e.clone(),
            e.clone(),
            e.clone(),
            x.clone(),
            e.clone(),
            e.clone(),
            x.clone(),
        ];
        let find = |needle: &[&Link]| find_run_in(hay.iter(), needle);
        assert_eq!(find(&[&e, &x]), Some(2));
        assert_eq!(find(&[&x, &e, &e, &x]), Some(3));
        assert_eq!(find(&[&e, &e, &x]), Some(1));
        assert_eq!(find(&[&x, &x]), None);
        assert_eq!(find(&[&e]), Some(0));
    }

    #[test]
    fn text_that_normalises_to_itself_needs_no_pre() {
        assert!(!needs_pre("一段\n第二行\n\n第三行 and words"));
        assert!(needs_pre("two  spaces"));
        assert!(needs_pre("tab\there"));
        assert!(needs_pre("three\n\n\nbreaks"));
        assert!(needs_pre("space \nbefore a break"));
    }
}

//! Which of the article's links each written text holds. The reader
//! lists a block's own links (a paragraph's, heading's, item's, the
//! footer's) with the links between it and the block before, and a
//! caption's or the date line's where their text is: the plan decides,
//! before anything is written, which links each text wraps, so that the
//! written file lists them in the article's order again.

use std::collections::{HashMap, HashSet};

use crate::article::{Article, Block, Link};
use crate::output::archive::markup::{needs_pre, open_anchor};
use crate::output::spans::finder;

/// Which of the article's links belong to a block's own text, and which
/// (captions', the date line's, image links) are written where they fall.
pub(super) struct LinkPlan<'a> {
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
    pub(super) fn new(article: &'a Article, blocks: &[&'a Block]) -> LinkPlan<'a> {
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
        let groups: Vec<Vec<&Link>> = blocks
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
            if let Some(texts) = blocks.get(k).and_then(|b| media_texts(b)) {
                media.extend(texts);
                continue;
            }
            if group.is_empty() {
                continue;
            }
            if !media.is_empty() {
                from = plan.media_end(from, &media, blocks, &groups, &demand, k);
                media.clear();
            }
            if k < blocks.len() {
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
        blocks: &[&Block],
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
        blocks: &[&Block],
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
            while let Some(texts) = blocks.get(next).and_then(|b| media_texts(b)) {
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
    pub(super) fn region_links(&self, text: &str) -> (bool, usize) {
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

    pub(super) fn flush_all(&mut self, out: &mut String) {
        self.flush_until(out, self.all.len());
    }

    /// How many of the unowned links from here on have texts that occur,
    /// in order, in `text` (found verbatim, or in `<pre>` text by their
    /// normalised white space): they sit in this caption, credit or date
    /// line.
    pub(super) fn unowned_in(&self, text: &str, pre: bool) -> usize {
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
    pub(super) fn take(&mut self, count: usize) -> Vec<&'a Link> {
        let start = self.next.min(self.all.len());
        let end = start.saturating_add(count).min(self.all.len());
        self.next = end;
        crate::text::sub(self.all, start..end).iter().collect()
    }

    /// Whether `all[i]` is a link no text claims, with text of its own.
    fn is_unowned_with_text(&self, i: usize) -> bool {
        self.all
            .get(i)
            .is_some_and(|l| !l.text.is_empty() && !self.is_owned(i))
    }

    /// Write the empty links no text claims that come next (image links,
    /// empty anchors): between blocks they read back the same.
    pub(super) fn flush_empty_unclaimed(&mut self, out: &mut String) {
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
    pub(super) fn flush_before_own(&mut self, out: &mut String, own: &[Link]) {
        if !own.is_empty()
            && let Some(first) = self.peek_own()
        {
            self.flush_until(out, first);
        }
    }

    /// A text's own links were written: step past them (writing the links
    /// before each that no text claimed).
    pub(super) fn take_owned(&mut self, out: &mut String, links: &[Link]) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}

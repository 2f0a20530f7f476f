//! What each node of the parsed body holds, computed once: does its
//! subtree have text, and how many media elements. The date-line finder,
//! the figure pairing and the walker use it to skip wrappers that hold
//! nothing (`<div></div>`, white space) without re-scanning subtrees.

use crate::dom::{Dom, NodeId, Tag, is_block, is_cell, is_media, is_non_text};
use crate::text::TextBuf;

const TEXT_BIT: u8 = 1 << 7;
const MEDIA_MASK: u8 = TEXT_BIT - 1;

/// Per-node summary of the subtree.
pub(crate) struct Content<'a> {
    dom: &'a Dom,
    /// Bit 7: the subtree has non-white-space text; low bits: media count
    /// (saturating at 127; only "none" and "one" matter to readers).
    summary: Vec<u8>,
    /// Elements that make a block of their own (see [`Content::block_hint`]).
    block_hint: usize,
}

impl<'a> Content<'a> {
    pub(crate) fn new(dom: &'a Dom) -> Content<'a> {
        let mut summary = vec![0u8; dom.len()];
        let mut block_hint = 0;
        // Post-order with an explicit stack: deep trees must not overflow.
        let mut stack = vec![(dom.root(), false)];
        while let Some((id, done)) = stack.pop() {
            if !done {
                stack.push((id, true));
                if dom.tag(id).is_some_and(is_non_text) {
                    continue;
                }
                stack.extend(dom.children(id).map(|c| (c, false)));
                continue;
            }
            let visible_text = dom.with_text(id, |t| t.chars().any(|c| !c.is_whitespace()));
            let own = match (dom.tag(id), visible_text) {
                (_, Some(true)) => TEXT_BIT,
                (Some(tag), _) if is_media(tag) => 1,
                _ => 0,
            };
            let mut has_text = own & TEXT_BIT != 0;
            let mut media = own & MEDIA_MASK;
            // Text right inside a wrapper (`<div>text</div>`) is a
            // paragraph of its own.
            let mut direct_text = false;
            if !dom.tag(id).is_some_and(is_non_text) {
                for child in dom.children(id) {
                    debug_assert!(child.index() < summary.len());
                    let s = summary.get(child.index()).copied().unwrap_or(0);
                    has_text |= s & TEXT_BIT != 0;
                    direct_text |= dom.tag(child).is_none() && s & TEXT_BIT != 0;
                    media = media.saturating_add(s & MEDIA_MASK).min(MEDIA_MASK);
                }
            }
            let acc = media | if has_text { TEXT_BIT } else { 0 };
            block_hint += match dom.tag(id) {
                Some(tag) if is_media(tag) => 1,
                Some(
                    Tag::P
                    | Tag::Heading(_)
                    | Tag::Ul
                    | Tag::Ol
                    | Tag::Blockquote
                    | Tag::Pre
                    | Tag::Table,
                ) => usize::from(has_text),
                Some(
                    Tag::Div
                    | Tag::Section
                    | Tag::Article
                    | Tag::Main
                    | Tag::Center
                    | Tag::Figure
                    | Tag::Body,
                )
                | None => usize::from(direct_text),
                _ => 0,
            };
            if let Some(slot) = summary.get_mut(id.index()) {
                *slot = acc;
            }
        }
        Content {
            dom,
            summary,
            block_hint,
        }
    }

    /// About how many blocks the walk makes: the paragraphs, headings,
    /// lists, quotes and tables with text, the wrappers with text right
    /// inside them, and the media elements. The
    /// walk sizes its block list with it, so a long body's list is not
    /// grown by doubling (which holds the old and the new list at once,
    /// and leaves up to half the new one unused).
    pub(crate) fn block_hint(&self) -> usize {
        self.block_hint
    }

    pub(crate) fn dom(&self) -> &'a Dom {
        self.dom
    }

    fn summary(&self, id: NodeId) -> u8 {
        // One entry per node of the tree the ids come from.
        debug_assert!(id.index() < self.summary.len());
        self.summary.get(id.index()).copied().unwrap_or(0)
    }

    /// The subtree has text other than white space.
    pub(crate) fn has_text(&self, id: NodeId) -> bool {
        self.summary(id) & TEXT_BIT != 0
    }

    /// Media elements in the subtree, the node included.
    pub(crate) fn media(&self, id: NodeId) -> u8 {
        self.summary(id) & MEDIA_MASK
    }

    /// The node holds something: text or media.
    pub(crate) fn meaningful(&self, id: NodeId) -> bool {
        self.summary(id) != 0
    }

    pub(crate) fn next_meaningful_sibling(&self, id: NodeId) -> Option<NodeId> {
        let mut next = self.dom.next_sibling(id);
        while let Some(n) = next {
            if self.meaningful(n) {
                return Some(n);
            }
            next = self.dom.next_sibling(n);
        }
        None
    }

    pub(crate) fn prev_meaningful_sibling(&self, id: NodeId) -> Option<NodeId> {
        let mut prev = self.dom.prev_sibling(id);
        while let Some(p) = prev {
            if self.meaningful(p) {
                return Some(p);
            }
            prev = self.dom.prev_sibling(p);
        }
        None
    }

    pub(crate) fn meaningful_children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.dom.children(id).filter(|c| self.meaningful(*c))
    }

    /// The node's only meaningful child, if it has exactly one.
    pub(crate) fn only_meaningful_child(&self, id: NodeId) -> Option<NodeId> {
        let mut children = self.meaningful_children(id);
        let first = children.next()?;
        children.next().is_none().then_some(first)
    }

    /// Whether the subtree's raw text has at most `limit` characters;
    /// stops counting as soon as it has more.
    pub(crate) fn text_at_most(&self, id: NodeId, limit: usize) -> bool {
        let mut count = 0;
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            if let Some(n_chars) = self
                .dom
                .with_text(n, |t| t.chars().filter(|c| !c.is_whitespace()).count())
            {
                count += n_chars;
                if count > limit {
                    return false;
                }
            } else if self.dom.tag(n).is_some_and(|t| !is_non_text(t)) {
                stack.extend(self.dom.children(n));
            }
        }
        true
    }

    /// The normalised text of a subtree, `<br>` as a line break and block
    /// boundaries as line breaks.
    pub(crate) fn subtree_text(&self, id: NodeId) -> String {
        let mut buf = TextBuf::new();
        let mut stack = vec![(id, false)];
        while let Some((n, exiting)) = stack.pop() {
            if exiting {
                buf.push_soft_break();
                continue;
            }
            if self.dom.with_text(n, |t| buf.push_str(t)).is_some() {
                continue;
            }
            match self.dom.tag(n) {
                Some(Tag::Br) => buf.push_break(),
                Some(tag) if is_non_text(tag) => {}
                Some(tag) => {
                    if is_block(tag) {
                        buf.push_soft_break();
                        stack.push((n, true));
                    } else if is_cell(tag) {
                        buf.push_space();
                    }
                    let children: Vec<NodeId> = self.dom.children(n).collect();
                    stack.extend(children.into_iter().rev().map(|c| (c, false)));
                }
                None => {}
            }
        }
        buf.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_see_through_wrappers() {
        let dom = Dom::parse_body_default(
            "<div> <div></div><p>a</p></div><div><span><img></span></div><script>x</script>",
        );
        let c = Content::new(&dom);
        let kids: Vec<NodeId> = dom.children(dom.root()).collect();
        assert!(c.has_text(kids[0]) && c.media(kids[0]) == 0);
        assert!(!c.has_text(kids[1]) && c.media(kids[1]) == 1);
        assert!(!c.meaningful(kids[2]));
        assert_eq!(c.media(dom.root()), 1);
        assert_eq!(
            c.only_meaningful_child(kids[0]).and_then(|n| dom.tag(n)),
            Some(Tag::P)
        );
    }

    #[test]
    fn subtree_text_breaks_lines() {
        let dom =
            Dom::parse_body_default("<div><i>AUTHOR<br>2024-04-06T12:34:03.211Z</i></div><p>x</p>");
        let c = Content::new(&dom);
        let first = dom.first_child(dom.root()).unwrap();
        assert_eq!(c.subtree_text(first), "AUTHOR\n2024-04-06T12:34:03.211Z");
        assert_eq!(
            c.subtree_text(dom.root()),
            "AUTHOR\n2024-04-06T12:34:03.211Z\nx"
        );
    }
}

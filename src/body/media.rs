//! Media: images and players into figures and embeds, their captions
//! (also those that come before the image), lazy-loading twins in
//! `<noscript>`, and posters in a player's fallback.

use std::collections::{HashMap, HashSet};

use super::Walker;
use super::anchors::{LinkPlace, Part};
use super::regions::{Region, Target};
use crate::article::{Block, Embed, Figure, Link};
use crate::dom::{NodeId, Tag};
use crate::error::Warning;
use crate::figure::{Media, caption_credits, embed_source, image_source, is_data_url, pair};
use crate::links::unwrap_proxy;

/// How far above a `<figcaption>` its `<figure>` may be (wrappers between
/// them) for the caption to wait for the figure's image.
const CAPTION_TO_FIGURE: usize = 4;

/// How far above an image its `<figure>` may be, to hand the image a
/// caption that came first.
const MEDIA_TO_FIGURE: usize = 5;

/// How far above a lazy-loading twin its `<noscript>` may be.
const TWIN_TO_NOSCRIPT: usize = 4;

/// How deep in the `<noscript>`'s neighbour the first image may sit (the
/// neighbour itself counts).
const TWIN_NEIGHBOUR_DEPTH: usize = 4;

/// Put `earlier` before what `field` holds, a line apart: two captions
/// of one picture are both kept, in document order.
fn prepend_line(field: &mut Option<String>, earlier: Option<String>) {
    let Some(mut earlier) = earlier else { return };
    if let Some(later) = field.take().filter(|l| !l.is_empty()) {
        earlier.push('\n');
        earlier.push_str(&later);
    }
    *field = Some(earlier);
}

/// Put `later` after what `field` holds, a line apart.
fn append_line(field: &mut Option<String>, later: Option<String>) {
    let Some(later) = later else { return };
    match field.as_mut().filter(|f| !f.is_empty()) {
        Some(earlier) => {
            earlier.push('\n');
            earlier.push_str(&later);
        }
        None => *field = Some(later),
    }
}

/// A caption (and credit) read before the image it belongs to.
#[derive(Default)]
pub(super) struct PendingCaption {
    pub(super) caption: Option<String>,
    pub(super) credit: Option<String>,
    /// The links in each, with their numbers: a paragraph's own links if
    /// no image comes.
    pub(super) caption_links: Vec<(usize, Link)>,
    pub(super) credit_links: Vec<(usize, Link)>,
}

/// The most recent image, for merging lazy-loading twins.
#[derive(Clone, Copy)]
pub(super) struct LastImage {
    pub(super) node: NodeId,
    pub(super) block: usize,
}

/// The media's state.
#[derive(Default)]
pub(super) struct Figures {
    /// The most recent image, for merging lazy-loading twins.
    pub(super) last_image: Option<LastImage>,
    /// `<figure>`s whose image has been met.
    pub(super) with_media: HashSet<NodeId>,
    /// Captions waiting for their `<figure>`'s image.
    pub(super) pending_captions: HashMap<NodeId, PendingCaption>,
    /// Whether a glued `<imgsrc=…>` was reported (once per body).
    pub(super) glued_warned: bool,
}

impl<'a> Walker<'a> {
    /// A `<figcaption>` that comes before its figure's image: claim it (and
    /// its credits) to wait for the image.
    pub(super) fn caption_before_image(&mut self, node: NodeId) {
        if !self.regions.open.is_empty() {
            return;
        }
        let Some(figure) = self.figure_above(node, CAPTION_TO_FIGURE) else {
            return;
        };
        if self.content.media(figure) == 0 {
            self.figure_without_image(node);
            return;
        }
        if self.figures.with_media.contains(&figure) {
            return;
        }
        self.claim_caption(
            node,
            Target::PendingCaption(figure),
            Target::PendingCredit(figure),
        );
    }

    /// Claim a caption: its credit parts for `credit_to`, the rest (as
    /// the region opened here) for `caption_to`.
    fn claim_caption(&mut self, caption: NodeId, caption_to: Target, credit_to: Target) {
        let credits = {
            let is_free = |n: NodeId| self.is_free(n);
            caption_credits(self.content, caption, &is_free)
        };
        for (first, last) in credits {
            self.claim(first, last, credit_to);
        }
        self.open_region(caption_to, caption);
    }

    /// Rule "figure without image": a `<figure>` that holds a caption but
    /// no image (a script was to put it where only placeholder text is
    /// left) is a figure all the same, without `src`, its caption a
    /// caption. The placeholder text stays where it stands.
    fn figure_without_image(&mut self, caption: NodeId) {
        if !self.content.has_text(caption) {
            return;
        }
        let block = self.place(Block::Figure(Box::default()));
        self.claim_caption(caption, Target::Caption(block), Target::Credit(block));
    }

    /// A `<figure>` closes: a caption still waiting had no image after it
    /// after all; it stays in the story as a paragraph.
    pub(super) fn orphan_caption(&mut self, figure: NodeId) {
        let Some(pending) = self.figures.pending_captions.remove(&figure) else {
            return;
        };
        let parts = [
            (pending.caption, pending.caption_links),
            (pending.credit, pending.credit_links),
        ];
        for (text, links) in parts {
            if let Some(text) = text {
                // Its line breaks stay line breaks.
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        self.unit.push_break();
                    }
                    self.unit.push_str(line);
                }
                // Its links are this paragraph's, where it now stands, in
                // the order of their text: after an empty link that ends
                // the paragraph before.
                self.text_pos += 1;
                let mut links = links;
                let positions = &self.anchors.link_positions;
                links.sort_by_key(|(i, _)| (positions.get(*i).copied(), *i));
                let count = links.len();
                for (k, (index, link)) in links.into_iter().enumerate() {
                    debug_assert_eq!(self.anchors.links.get(index), Some(&link));
                    self.set_position(index, Some(self.text_pos + k));
                    self.add_unit_link(index);
                }
                self.text_pos += text.len().max(count);
                self.hard_boundary();
            }
        }
    }

    /// Emit (or merge) the block for a media element and claim its
    /// caption; returns the block it went to.
    pub(super) fn media(&mut self, node: NodeId, tag: Tag, kind: Media) -> Option<usize> {
        if tag == Tag::GluedImg && !self.figures.glued_warned {
            self.figures.glued_warned = true;
            let found = self.dom.local_name(node).unwrap_or_default().to_owned();
            self.warnings.push(Warning::GluedTag { found });
        }
        // An image inside a player's fallback is the player's poster.
        if let (
            Media::Image,
            Some(Region {
                target: Target::Fallback(i),
                ..
            }),
        ) = (kind, self.regions.open.last())
        {
            let i = *i;
            let (src, _) = image_source(self.dom, node);
            let src = src.map(|s| self.resolver.resolve(s));
            if let (Some(Block::Embed(e)), Some(src)) = (self.block_mut(i), src)
                && e.poster.is_none()
            {
                e.poster = Some(src);
            }
            return None;
        }

        let block = match kind {
            Media::Image => match self.merge_twin(node) {
                Some(existing) => existing,
                None => {
                    let figure = self.figure(node);
                    self.place(Block::Figure(Box::new(figure)))
                }
            },
            Media::Embed(kind) => {
                let embed = Embed {
                    kind,
                    src: embed_source(self.dom, node).map(|s| self.resolver.resolve(s)),
                    poster: self
                        .dom
                        .attr(node, "poster")
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(|p| self.resolver.resolve(p)),
                    title: self
                        .dom
                        .attr(node, "title")
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned),
                    caption: None,
                    credit: None,
                    fallback: None,
                };
                self.place(Block::Embed(Box::new(embed)))
            }
        };
        // The block's first image, when this one is its twin.
        let first = self
            .figures
            .last_image
            .filter(|l| l.block == block && l.node != node)
            .map(|l| l.node);
        if kind == Media::Image {
            self.figures.last_image = Some(LastImage { node, block });
        }
        self.adopt_pending_caption(node, block, first);

        let pairing = {
            let is_free = |n: NodeId| self.is_free(n);
            pair(self.content, node, &is_free)
        };
        for (start, end) in pairing.caption {
            self.claim(start, end, Target::Caption(block));
        }
        for (first, last) in pairing.credit {
            self.claim(first, last, Target::Credit(block));
        }
        if let Some(n) = pairing.fallback {
            self.claim(n, n, Target::Fallback(block));
        }
        Some(block)
    }

    /// The nearest `<figure>` at most `climb` levels above `node`.
    fn figure_above(&self, node: NodeId, climb: usize) -> Option<NodeId> {
        self.dom
            .ancestors(node)
            .take(climb)
            .find(|f| self.dom.tag(*f) == Some(Tag::Figure))
    }

    /// Note that the image's `<figure>` has its image, and hand it a
    /// caption that came first.
    fn adopt_pending_caption(&mut self, node: NodeId, block: usize, first: Option<NodeId>) {
        let Some(n) = self.figure_above(node, MEDIA_TO_FIGURE) else {
            return;
        };
        self.figures.with_media.insert(n);
        let Some(pending) = self.figures.pending_captions.remove(&n) else {
            return;
        };
        for (index, _) in &pending.caption_links {
            self.place_link(*index, LinkPlace::Block(block, Part::Caption));
        }
        for (index, _) in &pending.credit_links {
            self.place_link(*index, LinkPlace::Block(block, Part::Credit));
        }
        // The block may have a caption already, when this
        // image is a twin merged into it. The waiting one came
        // first in the document when its `<figure>` holds the
        // first image too (which an inner `<figure>` captioned);
        // else it is the twin's own, after the first's.
        let before = first.is_none_or(|f| self.dom.is_within(f, n));
        let join = if before { prepend_line } else { append_line };
        match self.block_mut(block) {
            Some(Block::Figure(f)) => {
                join(&mut f.caption, pending.caption);
                join(&mut f.credit, pending.credit);
            }
            Some(Block::Embed(e)) => {
                join(&mut e.caption, pending.caption);
                join(&mut e.credit, pending.credit);
            }
            other => {
                debug_assert!(false, "media block {block} is {other:?}");
            }
        }
    }

    /// An image's alternative text, if it has any: its `alt`, or else
    /// what it says to screen readers (`aria-label`) or as a tooltip
    /// (`title`), which stand for it where `alt` is missing.
    fn alt(&self, node: NodeId) -> Option<String> {
        ["alt", "aria-label", "title"].iter().find_map(|name| {
            self.dom
                .attr(node, name)
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
        })
    }

    pub(super) fn figure(&mut self, node: NodeId) -> Figure {
        let (src, _) = image_source(self.dom, node);
        let src = src.map(|s| self.resolver.resolve(s));
        let original = src.as_deref().and_then(unwrap_proxy);
        let alt = self.alt(node);
        Figure {
            src,
            original,
            alt,
            caption: None,
            credit: None,
        }
    }

    /// A lazy image and its `<noscript>` twin, side by side, are one
    /// figure. Returns the block of the figure this image merged into.
    fn merge_twin(&mut self, node: NodeId) -> Option<usize> {
        let last = self.figures.last_image?;
        let twins =
            self.noscript_neighbours(last.node, node) || self.noscript_neighbours(node, last.node);
        if !twins {
            return None;
        }
        let (src, placeholder) = image_source(self.dom, node);
        let src = src.map(|s| self.resolver.resolve(s));
        let alt = self.alt(node);
        let Some(Block::Figure(figure)) = self.block_mut(last.block) else {
            return None;
        };
        // Side by side, an image and its `<noscript>` version are one
        // picture even when the two name different renditions; keep the
        // real address of the two.
        let known_is_placeholder = figure.src.as_deref().is_none_or(is_data_url);
        if known_is_placeholder && !placeholder && src.is_some() {
            figure.original = src.as_deref().and_then(unwrap_proxy);
            figure.src = src;
        }
        if figure.alt.is_none() {
            figure.alt = alt;
        }
        Some(last.block)
    }

    /// `inner` sits in a `<noscript>` whose neighbour (ignoring white
    /// space) is, or ends/starts with, `other`.
    fn noscript_neighbours(&self, other: NodeId, inner: NodeId) -> bool {
        let dom = self.dom;
        let Some(noscript) = dom
            .ancestors(inner)
            .take(TWIN_TO_NOSCRIPT)
            .find(|n| dom.tag(*n) == Some(Tag::Noscript))
        else {
            return false;
        };
        let near = |sibling: Option<NodeId>| {
            sibling.is_some_and(|s| {
                std::iter::once(other)
                    .chain(dom.ancestors(other))
                    .take(TWIN_NEIGHBOUR_DEPTH)
                    .any(|x| x == s)
            })
        };
        near(self.content.prev_meaningful_sibling(noscript))
            || near(self.content.next_meaningful_sibling(noscript))
    }
}

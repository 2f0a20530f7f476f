//! Regions: nodes claimed before the walk reaches them (a figure's
//! caption and credit, a player's fallback, the date line, the feed's
//! footer). While the walk is inside one, its text goes to that field
//! instead of the current unit, so nothing is counted twice.

use std::collections::HashMap;

use super::Walker;
use crate::article::{Block, Footer, Link};
use crate::dom::NodeId;
use crate::text::TextBuf;

/// Where a claimed node's text goes. Block numbers may be those of
/// deferred blocks (see [`Walker::block_mut`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// The date line: its text is in `Article::dateline` already, so the
    /// walk only collects its links.
    Dateline,
    Caption(usize),
    Credit(usize),
    Fallback(usize),
    /// A `<figcaption>` before the image of its `<figure>`: kept until the
    /// image comes.
    PendingCaption(NodeId),
    PendingCredit(NodeId),
    Footer,
}

/// An open region: text goes here until its end node closes.
pub(super) struct Region {
    pub(super) target: Target,
    /// The node whose exit closes the region: the claimed node itself, or
    /// the last sibling of a claimed run.
    pub(super) end: NodeId,
    pub(super) buf: TextBuf,
    /// Its number among the regions opened so far.
    pub(super) serial: u64,
    /// The links whose text it holds, with their numbers in `links`.
    pub(super) links: Vec<(usize, Link)>,
}

/// A claimed run of sibling nodes, `start..=end`, and where its text goes.
#[derive(Clone, Copy, Debug)]
pub(super) struct Claim {
    pub(super) target: Target,
    pub(super) end: NodeId,
}

/// Where text goes: the current unit (by its generation) or one region
/// (by its serial number).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Holder {
    Unit(u64),
    Region(u64),
}

/// The regions' state.
#[derive(Default)]
pub(super) struct Regions {
    /// Claimed nodes: few, so a map rather than a per-node table.
    pub(super) claims: HashMap<NodeId, Claim>,
    /// The regions open, innermost last.
    pub(super) open: Vec<Region>,
    /// How many regions have opened: the next one's serial number.
    pub(super) opened: u64,
}

impl<'a> Walker<'a> {
    pub(super) fn claim(&mut self, start: NodeId, end: NodeId, target: Target) {
        self.regions
            .claims
            .entry(start)
            .or_insert(Claim { target, end });
    }

    pub(super) fn is_free(&self, node: NodeId) -> bool {
        debug_assert!(node.index() < self.visited.len());
        !self.visited.get(node.index()).copied().unwrap_or(true)
            && !self.regions.claims.contains_key(&node)
    }

    pub(super) fn open_region(&mut self, target: Target, end: NodeId) {
        // No break in the text around it: an inline caption taken out of a
        // paragraph leaves the sentence whole.
        self.regions.opened += 1;
        self.regions.open.push(Region {
            target,
            end,
            buf: TextBuf::new(),
            serial: self.regions.opened,
            links: Vec::new(),
        });
    }

    /// Where text goes right now.
    pub(super) fn sink(&mut self) -> &mut TextBuf {
        match self.regions.open.last_mut() {
            Some(region) => &mut region.buf,
            None => &mut self.unit,
        }
    }

    /// Where text goes now.
    pub(super) fn holder(&self) -> Holder {
        match self.regions.open.last() {
            Some(region) => Holder::Region(region.serial),
            None => Holder::Unit(self.unit_generation),
        }
    }

    pub(super) fn close_region(&mut self) {
        let Some(mut region) = self.regions.open.pop() else {
            return;
        };
        self.seal_region_links(&mut region);
        // In the order of their text, as a writer puts them back.
        let positions = &self.anchors.link_positions;
        region
            .links
            .sort_by_key(|(i, _)| (positions.get(*i).copied(), *i));
        for (index, link) in std::mem::take(&mut region.links) {
            self.add_region_link(region.target, index, link);
        }
        let text = std::mem::take(&mut region.buf).finish();
        if text.is_empty() && region.target != Target::Footer {
            return;
        }
        let append = |field: &mut Option<String>| match field {
            Some(existing) if !existing.is_empty() => {
                existing.push('\n');
                existing.push_str(&text);
            }
            _ => *field = Some(text.clone()),
        };
        match region.target {
            Target::Caption(i) => match self.block_mut(i) {
                Some(Block::Figure(f)) => append(&mut f.caption),
                Some(Block::Embed(e)) => append(&mut e.caption),
                _ => {}
            },
            Target::Credit(i) => match self.block_mut(i) {
                Some(Block::Figure(f)) => append(&mut f.credit),
                Some(Block::Embed(e)) => append(&mut e.credit),
                _ => {}
            },
            Target::Fallback(i) => {
                if let Some(Block::Embed(e)) = self.block_mut(i) {
                    append(&mut e.fallback);
                }
            }
            Target::PendingCaption(figure) => {
                let pending = self.figures.pending_captions.entry(figure).or_default();
                append(&mut pending.caption);
            }
            Target::PendingCredit(figure) => {
                let pending = self.figures.pending_captions.entry(figure).or_default();
                append(&mut pending.credit);
            }
            Target::Footer => {
                self.footer = Some(Footer {
                    text,
                    links: std::mem::take(&mut self.anchors.footer_links),
                });
            }
            Target::Dateline => {}
        }
    }
}

//! Anchors: the open links and where each ends up. A link's text is the
//! text it holds in the one place its first text went (a unit, a
//! region); when that place ends, the link is placed there, and the
//! article lists its links in the order of their places.

use super::Walker;
use super::regions::{Holder, Region, Target};
use crate::article::Link;
use crate::text::TextBuf;

/// The anchors' state.
#[derive(Default)]
pub(super) struct Anchors {
    /// Every link, in the order it opened.
    pub(super) links: Vec<Link>,
    /// Where each of `links` is written: see [`LinkPlace`].
    pub(super) link_places: Vec<Option<LinkPlace>>,
    /// Where in the body's text each of `links` begins.
    pub(super) link_positions: Vec<usize>,
    /// Links of the open list or quote's items, placed when it is emitted.
    pub(super) container_links: Vec<usize>,
    pub(super) footer_links: Vec<Link>,
    /// The numbers in `links` of the current unit's links: in the order
    /// they opened, which is the order of their text. Numbers, not copies:
    /// a paragraph of a hundred thousand links would hold each twice
    /// until it ends.
    pub(super) unit_links: Vec<usize>,
    pub(super) open_links: Vec<OpenLink>,
}

impl Anchors {
    /// The article's links, in the order of their places.
    pub(super) fn into_ordered_links(self) -> Vec<Link> {
        order_links(self.links, &self.link_places, &self.link_positions)
    }
}

/// A link's text is the text it holds in one place: where its first
/// non-white-space text went (`holder`). When that unit or region ends,
/// or the link's later text goes elsewhere (`<a href>x<figcaption>y`), the
/// text is complete (`sealed`): so every link's text lies in one text of
/// the article, where a writer can put it back.
pub(super) struct OpenLink {
    pub(super) index: usize,
    pub(super) buf: TextBuf,
    pub(super) holder: Option<Holder>,
    /// Where in the body's text its own text begins (see
    /// [`Walker::text_pos`]).
    pub(super) pos: Option<usize>,
    /// Where white space before the first text went: text elsewhere
    /// starts the buffer afresh.
    pub(super) blank_holder: Option<Holder>,
    pub(super) sealed: bool,
    /// Already in its unit's links (its unit ended while it was open).
    pub(super) placed: bool,
    /// Where the link opened: the place of a link without text.
    pub(super) unit_generation: u64,
    /// The innermost region open where the link opened: the place of a
    /// link without text there.
    pub(super) region: Option<u64>,
    pub(super) in_footer: bool,
}

impl OpenLink {
    /// Whether text (or a break) pushed to `holder` is the link's.
    pub(super) fn accepts(&mut self, holder: Holder, blank: bool, pos: usize) -> bool {
        if self.sealed {
            return false;
        }
        match self.holder {
            Some(h) if h == holder => true,
            Some(_) => {
                if !blank {
                    self.sealed = true;
                }
                false
            }
            None if blank => {
                if self.blank_holder != Some(holder) {
                    self.buf = TextBuf::new();
                    self.blank_holder = Some(holder);
                }
                true
            }
            None => {
                if self.blank_holder.is_some_and(|h| h != holder) {
                    self.buf = TextBuf::new();
                }
                self.holder = Some(holder);
                self.pos = Some(pos);
                true
            }
        }
    }

    /// The link's text so far, the buffer left empty.
    pub(super) fn take_text(&mut self) -> String {
        std::mem::take(&mut self.buf).finish()
    }
}

/// Where a link's text sits in the article, in the order the article is
/// read (and written): the date line, then the blocks, then the footer.
/// The article lists its links in that order, so a caption the walk
/// routes back to an earlier figure has its links there too.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum LinkPlace {
    Dateline,
    /// A block, and the part of it: its text (or a player's fallback),
    /// a media block's caption, its credit, in the order written.
    Block(usize, Part),
    Footer,
}

/// The parts of a block, in the order a writer puts them.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Part {
    Text,
    Caption,
    Credit,
}

/// The article's links in the order of their places. A link with no
/// place of its own (an empty anchor between blocks, an image link) goes
/// just before the next link that has one, as a writer puts it: between
/// the blocks before that link's text.
fn order_links(links: Vec<Link>, places: &[Option<LinkPlace>], positions: &[usize]) -> Vec<Link> {
    debug_assert_eq!(links.len(), places.len());
    debug_assert_eq!(links.len(), positions.len());
    // (after every place, the place, has a place of its own, where its
    // text begins)
    type Key = (u8, Option<LinkPlace>, bool, usize);
    // Back to front, so each link without a place sees the next place.
    let mut next = None;
    let keys = places.iter().zip(positions).rev().map(move |(place, pos)| {
        let (place, placed) = match place {
            Some(place) => {
                next = Some(*place);
                (Some(*place), true)
            }
            None => (next, false),
        };
        // No place follows: after everything.
        (u8::from(place.is_none()), place, placed, *pos)
    });
    // Usually the document's order already: then nothing to allocate.
    let mut after: Option<Key> = None;
    let mut sorted = true;
    for key in keys.clone() {
        if after.is_some_and(|a| key > a) {
            sorted = false;
            break;
        }
        after = Some(key);
    }
    if sorted {
        return links;
    }
    let mut keys: Vec<Key> = keys.collect();
    keys.reverse();
    let mut keyed: Vec<(Key, Link)> = keys.into_iter().zip(links).collect();
    // Stable: links that begin at one position keep their document order.
    keyed.sort_by_key(|(key, _)| *key);
    keyed.into_iter().map(|(_, link)| link).collect()
}

impl<'a> Walker<'a> {
    pub(super) fn open_link(&mut self, href: &str) {
        let href = self.resolver.resolve(href);
        self.anchors.open_links.push(OpenLink {
            index: self.anchors.links.len(),
            buf: TextBuf::new(),
            holder: None,
            pos: None,
            blank_holder: None,
            sealed: false,
            placed: false,
            unit_generation: self.unit_generation,
            region: self.regions.open.last().map(|r| r.serial),
            in_footer: self.regions.open.iter().any(|r| r.target == Target::Footer),
        });
        self.anchors.links.push(Link {
            href,
            text: String::new(),
        });
        self.anchors.link_places.push(None);
        self.anchors.link_positions.push(self.text_pos);
    }

    pub(super) fn close_link(&mut self) {
        let Some(mut link) = self.anchors.open_links.pop() else {
            return;
        };
        if link.placed {
            return;
        }
        self.set_position(link.index, link.pos);
        let text = link.take_text();
        let Some(slot) = self.anchors.links.get_mut(link.index) else {
            return;
        };
        slot.text = text;
        // A copy for a region or the footer only: a unit's links are
        // cloned once, when the unit ends.
        let index = link.index;
        let copy = |anchors: &Anchors| anchors.links.get(index).cloned();
        let (in_unit, in_footer) = match link.holder {
            Some(Holder::Unit(generation)) => {
                // A unit that ends places the open links whose text it
                // holds: this one's unit is the current one.
                debug_assert_eq!(generation, self.unit_generation);
                (generation == self.unit_generation, false)
            }
            Some(Holder::Region(serial)) => {
                let value = copy(&self.anchors);
                let region = self.regions.open.iter_mut().find(|r| r.serial == serial);
                debug_assert!(region.is_some(), "a link outlived its region");
                if let (Some(region), Some(value)) = (region, value) {
                    region.links.push((index, value));
                }
                return;
            }
            None if !link.in_footer => {
                // An empty link in a caption, credit or fallback goes with
                // that text's links, where it opened.
                let value = copy(&self.anchors);
                if let (Some(region), Some(value)) = (
                    link.region.and_then(|serial| {
                        self.regions.open.iter_mut().find(|r| r.serial == serial)
                    }),
                    value,
                ) {
                    region.links.push((index, value));
                    return;
                }
                (
                    link.region.is_none() && link.unit_generation == self.unit_generation,
                    false,
                )
            }
            None => (false, true),
        };
        if in_footer {
            let Some(value) = copy(&self.anchors) else {
                return;
            };
            // With the footer's other links, in the order of their text.
            match self
                .regions
                .open
                .iter_mut()
                .rev()
                .find(|r| r.target == Target::Footer)
            {
                Some(footer) => footer.links.push((index, value)),
                None => {
                    self.place_link(index, LinkPlace::Footer);
                    self.anchors.footer_links.push(value);
                }
            }
        } else if in_unit {
            self.add_unit_link(index);
        }
    }

    /// One of the current unit's links. A link nested in another (a
    /// `<table>` or `<marquee>` lets the tree builder nest them) closes
    /// first but opened later: keep the order of opening, the order of
    /// the text.
    pub(super) fn add_unit_link(&mut self, index: usize) {
        let key = |i: usize| (self.anchors.link_positions.get(i).copied(), i);
        let at = self
            .anchors
            .unit_links
            .iter()
            .rposition(|i| key(*i) < key(index))
            .map_or(0, |p| p + 1);
        self.anchors.unit_links.insert(at, index);
    }

    /// Where a link's text begins, once it has text.
    pub(super) fn set_position(&mut self, index: usize, pos: Option<usize>) {
        if let (Some(pos), Some(slot)) = (pos, self.anchors.link_positions.get_mut(index)) {
            *slot = pos;
        }
    }

    /// The current unit ends: the links still open whose text it holds
    /// are complete, and are its links.
    pub(super) fn seal_unit_links(&mut self) {
        for index in self.seal(Holder::Unit(self.unit_generation)) {
            self.add_unit_link(index);
        }
    }

    /// A region ends: the links still open whose text it holds are
    /// complete, and join the others whose text it holds.
    pub(super) fn seal_region_links(&mut self, region: &mut Region) {
        for index in self.seal(Holder::Region(region.serial)) {
            if let Some(link) = self.anchors.links.get(index) {
                region.links.push((index, link.clone()));
            }
        }
    }

    /// The links still open whose text `holder` holds, complete: their
    /// text and position set; their numbers in `links`.
    fn seal(&mut self, holder: Holder) -> Vec<usize> {
        let mut sealed = Vec::new();
        for link in &mut self.anchors.open_links {
            if link.holder == Some(holder) && !link.placed {
                link.sealed = true;
                link.placed = true;
                sealed.push((link.index, link.take_text(), link.pos));
            }
        }
        sealed
            .into_iter()
            .filter_map(|(index, text, pos)| {
                self.set_position(index, pos);
                let slot = self.anchors.links.get_mut(index)?;
                slot.text = text;
                Some(index)
            })
            .collect()
    }

    /// A link whose text a closed region holds: the footer's are the
    /// footer's links; a waiting caption's go with it.
    pub(super) fn add_region_link(&mut self, target: Target, index: usize, link: Link) {
        match target {
            Target::Footer => {
                self.place_link(index, LinkPlace::Footer);
                self.anchors.footer_links.push(link);
            }
            Target::Dateline => self.place_link(index, LinkPlace::Dateline),
            Target::PendingCaption(figure) => {
                let pending = self.figures.pending_captions.entry(figure).or_default();
                pending.caption_links.push((index, link));
            }
            Target::PendingCredit(figure) => {
                let pending = self.figures.pending_captions.entry(figure).or_default();
                pending.credit_links.push((index, link));
            }
            Target::Fallback(i) => self.place_link(index, LinkPlace::Block(i, Part::Text)),
            Target::Caption(i) => self.place_link(index, LinkPlace::Block(i, Part::Caption)),
            Target::Credit(i) => self.place_link(index, LinkPlace::Block(i, Part::Credit)),
        }
    }

    pub(super) fn place_link(&mut self, index: usize, place: LinkPlace) {
        if let Some(slot) = self.anchors.link_places.get_mut(index) {
            *slot = Some(place);
        }
    }

    /// The unit just taken became block `block` (a paragraph or heading),
    /// or an item of the open container (`None`).
    pub(super) fn place_unit_links(&mut self, indices: Vec<usize>, block: Option<usize>) {
        match block {
            Some(block) => {
                for index in indices {
                    self.place_link(index, LinkPlace::Block(block, Part::Text));
                }
            }
            None => self.anchors.container_links.extend(indices),
        }
    }

    /// The open container was emitted as the last block.
    pub(super) fn place_container_links(&mut self) {
        let block = self.blocks.len() - 1;
        for index in std::mem::take(&mut self.anchors.container_links) {
            self.place_link(index, LinkPlace::Block(block, Part::Text));
        }
    }
}

//! Block assembly: the current text unit, the block boundaries that turn
//! it into a paragraph, heading, list item or quote paragraph, the open
//! list or quote, and the media blocks deferred to the end of the
//! paragraph they interrupt.

use super::Walker;
use crate::article::{Block, Heading, List, Paragraph, Quote};
use crate::content::Content;
use crate::dom::{NodeId, Tag};
use crate::text::normalize;

/// Where paragraphs currently go.
pub(super) enum Container {
    Root,
    List {
        ordered: bool,
        items: Vec<Paragraph>,
    },
    Quote {
        paragraphs: Vec<Paragraph>,
    },
}

/// The level of a subheading written as a bold paragraph.
const SUBHEADING_LEVEL: u8 = 2;

/// The longest subheading written as a bold paragraph, in characters: a
/// bold paragraph longer than this is a standfirst or a quotation.
const MAX_SUBHEADING_CHARS: usize = 40;

/// A subheading written as a paragraph that is bold from end to end,
/// `<p><strong>中国经济或受冲击</strong></p>` (`<b>` too): short, no
/// sentence in it (a `。`), not a label introducing what follows (`：`),
/// not an address.
fn is_subheading(content: &Content<'_>, p: NodeId) -> bool {
    let dom = content.dom();
    let Some(bold) = content.only_meaningful_child(p) else {
        return false;
    };
    if !matches!(dom.tag(bold), Some(Tag::Strong | Tag::B)) || content.media(bold) > 0 {
        return false;
    }
    // Text alone in the bold: no markup that could hold a block or a link.
    let mut raw = String::new();
    for child in dom.children(bold) {
        if dom.with_text(child, |t| raw.push_str(t)).is_none() {
            return false;
        }
        if raw.len() > 4 * MAX_SUBHEADING_CHARS {
            return false;
        }
    }
    let text = normalize(&raw);
    let chars = text.chars().count();
    (2..=MAX_SUBHEADING_CHARS).contains(&chars)
        && !text.contains(['。', '\n'])
        && !text.ends_with(['：', ':'])
        && !text.contains("://")
        && !is_end_mark(&text)
}

/// The mark some outlets end a story with (RFI's `~. Fin .~`): no
/// subheading, as nothing follows it.
fn is_end_mark(text: &str) -> bool {
    let word: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
    matches!(
        word.as_str(),
        "Fin" | "FIN" | "END" | "End" | "完" | "全文完"
    )
}

/// Media blocks met inside a paragraph, waiting for it to end: they land
/// right after it. Each has its number in the article's blocks from the
/// start (captions and links are placed by it), the paragraph's slot
/// counted; releasing them checks that the slot was filled.
#[derive(Default)]
pub(super) struct Deferred {
    /// The number the first of `blocks` will have.
    from: usize,
    blocks: Vec<Block>,
}

impl Deferred {
    pub(super) fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Defer `block`; `from` is the number the first deferred block will
    /// have, if this is the first. Returns the block's number.
    fn push(&mut self, block: Block, from: usize) -> usize {
        if self.blocks.is_empty() {
            self.from = from;
        }
        self.blocks.push(block);
        self.from + self.blocks.len() - 1
    }

    /// Deferred block number `i`, if it is one.
    fn get_mut(&mut self, i: usize) -> Option<&mut Block> {
        self.blocks.get_mut(i.checked_sub(self.from)?)
    }

    /// Append the deferred blocks to `blocks`, where their numbers say.
    pub(super) fn release_into(&mut self, blocks: &mut Vec<Block>) {
        debug_assert!(
            self.blocks.is_empty() || blocks.len() == self.from,
            "deferred blocks numbered from {} land at {}",
            self.from,
            blocks.len()
        );
        blocks.append(&mut self.blocks);
    }
}

/// How much a full block list grows by: a quarter of its length (and at
/// least this many blocks). Geometric, so pushes stay amortised O(1), but
/// a long body's list holds at most a quarter more than it needs, and a
/// growth holds the old list and one a quarter larger rather than twice.
const MIN_BLOCK_GROWTH: usize = 16;

impl<'a> Walker<'a> {
    /// Add a block to the body's list (sized from [`Content::block_hint`],
    /// then grown by a quarter at a time).
    ///
    /// [`Content::block_hint`]: crate::content::Content::block_hint
    fn push_block(&mut self, block: Block) {
        if self.blocks.len() == self.blocks.capacity() {
            self.blocks
                .reserve_exact((self.blocks.len() / 4).max(MIN_BLOCK_GROWTH));
        }
        self.blocks.push(block);
    }
    /// The level of the heading `node` opens: an `<hN>`'s, or a
    /// subheading's when it is a bold paragraph ([`is_subheading`]).
    pub(super) fn heading_level(&self, tag: Tag, node: NodeId) -> Option<u8> {
        match tag {
            Tag::Heading(level) => Some(level),
            Tag::P if is_subheading(self.content, node) => Some(SUBHEADING_LEVEL),
            _ => None,
        }
    }

    /// A block boundary inside a region, heading or list item: a line break.
    fn soft_boundary(&mut self) {
        let holder = self.holder();
        match self.regions.open.last_mut() {
            Some(region) => region.buf.push_soft_break(),
            None => self.unit.push_soft_break(),
        }
        let pos = self.text_pos;
        if let Some(link) = self.anchors.open_links.last_mut()
            && link.accepts(holder, true, pos)
        {
            link.buf.push_soft_break();
        }
    }

    /// A block boundary: the unit becomes a paragraph of the current
    /// container, unless it belongs to a heading or list item.
    pub(super) fn hard_boundary(&mut self) {
        if !self.regions.open.is_empty() || self.heading.is_some() {
            self.soft_boundary();
            return;
        }
        match self.container {
            Container::List { .. } => self.soft_boundary(),
            _ => {
                if let Some((paragraph, indices)) = self.take_unit() {
                    let block = match &mut self.container {
                        Container::Quote { paragraphs } => {
                            paragraphs.push(paragraph);
                            None
                        }
                        _ => {
                            self.push_block(Block::Paragraph(paragraph));
                            Some(self.blocks.len() - 1)
                        }
                    };
                    self.place_unit_links(indices, block);
                }
                self.release_deferred();
            }
        }
    }

    /// A list item starts or ends.
    pub(super) fn item_boundary(&mut self) {
        if !self.regions.open.is_empty() {
            self.soft_boundary();
            return;
        }
        if let Some((item, indices)) = self.take_unit() {
            debug_assert!(matches!(self.container, Container::List { .. }));
            if let Container::List { items, .. } = &mut self.container {
                items.push(item);
            }
            self.place_unit_links(indices, None);
        }
    }

    /// The unit's text and links, with the links' numbers in `links`.
    fn take_unit(&mut self) -> Option<(Paragraph, Vec<usize>)> {
        self.seal_unit_links();
        self.unit_generation += 1;
        // The next unit's text begins after an empty link that ends this
        // one.
        self.text_pos += 1;
        let indices = std::mem::take(&mut self.anchors.unit_links);
        let mut links = Vec::with_capacity(indices.len());
        links.extend(
            indices
                .iter()
                .filter_map(|i| self.anchors.links.get(*i).cloned()),
        );
        debug_assert_eq!(links.len(), indices.len());
        let text = self.unit.take();
        if text.is_empty() {
            debug_assert!(links.iter().all(|l| l.text.is_empty()));
            return None;
        }
        Some((Paragraph { text, links }, indices))
    }

    pub(super) fn flush_heading(&mut self) {
        if let (Some(level), Some((p, indices))) = (self.heading, self.take_unit()) {
            self.push_block(Block::Heading(Heading {
                level,
                text: p.text,
                links: p.links,
            }));
            self.place_unit_links(indices, Some(self.blocks.len() - 1));
        }
        self.release_deferred();
    }

    /// Media met inside the paragraph just emitted follow it.
    pub(super) fn release_deferred(&mut self) {
        self.deferred.release_into(&mut self.blocks);
    }

    /// Emit the container's block (if it holds anything) and return to
    /// the root.
    pub(super) fn close_container(&mut self) {
        self.split_container();
        self.container = Container::Root;
    }

    /// Emit what the container holds so far, keeping it open: a figure in
    /// the middle of a list splits the list in two.
    fn split_container(&mut self) {
        match &mut self.container {
            Container::Root => {}
            Container::List { ordered, items } => {
                if !items.is_empty() {
                    let list = List {
                        ordered: *ordered,
                        items: std::mem::take(items),
                    };
                    self.push_block(Block::List(list));
                    self.place_container_links();
                }
            }
            Container::Quote { paragraphs } => {
                if !paragraphs.is_empty() {
                    let quote = Quote {
                        paragraphs: std::mem::take(paragraphs),
                    };
                    self.push_block(Block::Quote(quote));
                    self.place_container_links();
                }
            }
        }
    }

    /// Block `i`: emitted, or deferred (see [`Deferred`]).
    pub(super) fn block_mut(&mut self, i: usize) -> Option<&mut Block> {
        match self.blocks.get_mut(i) {
            Some(block) => Some(block),
            None => self.deferred.get_mut(i),
        }
    }

    /// Bring every open structure up to date before a media block, so the
    /// block lands in document order.
    fn flush_before_media(&mut self) {
        if !self.regions.open.is_empty() {
            // Region text is kept apart; the unit is untouched.
        } else if self.heading.is_some() {
            self.flush_heading();
        } else {
            match self.container {
                Container::List { .. } => self.item_boundary(),
                _ => self.hard_boundary(),
            }
        }
        self.split_container();
    }

    /// Place a media block: an image inside a paragraph after it, anything
    /// else (and a player always: it stands between paragraphs) here.
    pub(super) fn place(&mut self, block: Block) -> usize {
        let inside_paragraph = matches!(block, Block::Figure(_))
            && self.regions.open.is_empty()
            && matches!(self.container, Container::Root)
            && self.unit.has_text();
        if !self.deferred.is_empty() || inside_paragraph {
            // The open paragraph's block comes first: one slot.
            self.deferred.push(block, self.blocks.len() + 1)
        } else {
            self.flush_before_media();
            self.push_block(block);
            self.blocks.len() - 1
        }
    }
}

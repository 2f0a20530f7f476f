//! The body walk: the parsed tree, in document order, into blocks.
//!
//! One pass over the tree with an explicit stack (deep input must not
//! overflow the call stack). Text accumulates in the current *unit*, which
//! a block boundary turns into a paragraph, list item, quote paragraph or
//! heading. Nodes claimed by a figure (caption, credit), a player
//! (fallback), the date line or the feed footer are *regions*: their text
//! goes to that field instead, so nothing is counted twice.
//!
//! An image in the middle of a paragraph (an emoji, an icon, a picture
//! between two sentences) does not cut the paragraph in two: its block is
//! *deferred* and lands right after the paragraph.

use std::collections::{HashMap, HashSet};

use url::Url;

use crate::article::{
    Block, Embed, Figure, Footer, Heading, Link, List, Paragraph, Published, Quote,
};
use crate::content::Content;
use crate::date::find_dateline;
use crate::dom::{Dom, Limits, NodeId, Stats, Tag, is_block, is_cell, is_non_text};
use crate::error::Warning;
use crate::figure::{
    Media, caption_credits, embed_source, image_source, is_data_url, media_kind, pair, split_credit,
};
use crate::links::{Resolver, unwrap_proxy};
use crate::text::TextBuf;

/// What the body yields.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub(crate) published: Option<Published>,
    pub(crate) byline: Vec<String>,
    pub(crate) dateline: Option<String>,
    pub(crate) blocks: Vec<Block>,
    pub(crate) footer: Option<Footer>,
    pub(crate) links: Vec<Link>,
    pub(crate) warnings: Vec<Warning>,
}

/// Parse and walk the body.
pub(crate) fn read(html: &str, base: Option<&Url>, limits: Limits) -> Body {
    let (dom, stats) = Dom::parse_body(html, limits);
    walk(&dom, stats, Resolver::new(base, html.len()), limits)
}

/// Walk a parsed body (production tree, or the reference tree in tests).
pub(crate) fn walk(dom: &Dom, stats: Stats, resolver: Resolver<'_>, limits: Limits) -> Body {
    let content = Content::new(dom);
    let mut walker = Walker::new(&content, resolver);

    let mut body = Body::default();
    if stats.dropped_tags > 0 {
        body.warnings.push(Warning::NestingLimit {
            limit: limits.max_depth,
            dropped: stats.dropped_tags,
        });
    }
    if stats.dropped_attributes > 0 {
        body.warnings.push(Warning::AttributeLimit {
            limit: limits.max_attributes,
            dropped: stats.dropped_attributes,
        });
    }
    let mut dateline_nodes = Vec::new();
    if let Some(line) = find_dateline(&content) {
        for node in &line.nodes {
            walker.claim(*node, *node, Target::Dateline);
        }
        dateline_nodes = line.nodes;
        body.published = line.published;
        body.byline = line.byline;
        body.dateline = Some(line.text).filter(|t| !t.is_empty());
        body.warnings.extend(line.problem);
    }
    // A footer inside the date line (or holding it), as a broken tag can
    // make one, is text the date line already has.
    let overlaps_dateline = |footer: &NodeId| {
        dateline_nodes
            .iter()
            .any(|d| is_within(dom, *footer, *d) || is_within(dom, *d, *footer))
    };
    if let Some(footer) = find_footer(&content).filter(|f| !overlaps_dateline(f)) {
        walker.claim(footer, footer, Target::Footer);
    }
    walker.walk();
    let Walker {
        blocks,
        links,
        link_places,
        link_positions,
        footer,
        warnings,
        resolver,
        ..
    } = walker;
    body.blocks = blocks;
    body.links = order_links(links, &link_places, &link_positions);
    body.footer = footer;
    body.warnings.extend(warnings);
    if resolver.kept() > 0 {
        body.warnings.push(Warning::ResolutionLimit {
            limit: resolver.limit(),
            kept: resolver.kept(),
        });
    }
    body
}

/// How deep into trailing wrappers to look for the feed's footer.
const FOOTER_DESCENT: usize = 8;

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

/// The feed's footer: the last block with text, reading `获取更多RSS：…`,
/// or linking only to the feed service after an `<hr>`. It may sit inside
/// a wrapper left open earlier in the body, and a tracking pixel may
/// follow it.
fn find_footer(content: &Content<'_>) -> Option<NodeId> {
    let dom = content.dom();
    let mut parent = dom.root();
    for _ in 0..FOOTER_DESCENT {
        let mut last = dom.last_child(parent);
        while let Some(n) = last.filter(|n| !content.has_text(*n)) {
            last = dom.prev_sibling(n);
        }
        let last = last?;
        if is_footer(content, last) {
            return Some(last);
        }
        match dom.tag(last) {
            Some(Tag::Div | Tag::Section | Tag::Main | Tag::Article | Tag::Center) => parent = last,
            _ => return None,
        }
    }
    None
}

fn is_footer(content: &Content<'_>, node: NodeId) -> bool {
    let dom = content.dom();
    if dom.tag(node) != Some(Tag::Div) || content.media(node) > 0 {
        return false;
    }
    let follows_rule = {
        let mut prev = dom.prev_sibling(node);
        while let Some(p) = prev.filter(|p| !content.meaningful(*p) && dom.tag(*p) != Some(Tag::Hr))
        {
            prev = dom.prev_sibling(p);
        }
        prev.is_some_and(|p| dom.tag(p) == Some(Tag::Hr))
    };
    let hrefs: Vec<&str> = descendants(dom, node)
        .filter(|n| dom.tag(*n) == Some(Tag::A))
        .filter_map(|n| dom.attr(n, "href"))
        .collect();
    let feed_links_only = !hrefs.is_empty()
        && hrefs.iter().all(|h| {
            Url::parse(h)
                .ok()
                .and_then(|u| u.host_str().map(|host| host.starts_with("feedx.")))
                .unwrap_or(false)
        });
    // `获取更多RSS：` with links or after a rule; or, reworded, a rule and
    // nothing but links to the feed service.
    let says_so = content.subtree_text(node).starts_with("获取更多RSS");
    (says_so && (follows_rule || !hrefs.is_empty())) || (follows_rule && feed_links_only)
}

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

/// Whether `node` is `ancestor` or inside it (a walk up the tree, whose
/// depth the nesting limit bounds).
fn is_within(dom: &Dom, node: NodeId, ancestor: NodeId) -> bool {
    node == ancestor || dom.ancestors(node).any(|n| n == ancestor)
}

fn descendants(dom: &Dom, root: NodeId) -> impl Iterator<Item = NodeId> + '_ {
    let mut stack = vec![root];
    std::iter::from_fn(move || {
        let n = stack.pop()?;
        let kids: Vec<NodeId> = dom.children(n).collect();
        stack.extend(kids.into_iter().rev());
        Some(n)
    })
}

/// Where a claimed node's text goes. Block numbers may be those of
/// deferred blocks (see [`Walker::block_mut`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
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
struct Region {
    target: Target,
    /// The node whose exit closes the region: the claimed node itself, or
    /// the last sibling of a claimed run.
    end: NodeId,
    buf: TextBuf,
    /// Its number among the regions opened so far.
    serial: u64,
    /// The links whose text it holds, with their numbers in `links`.
    links: Vec<(usize, Link)>,
}

/// A claimed run of sibling nodes, `start..=end`, and where its text goes.
#[derive(Clone, Copy, Debug)]
struct Claim {
    target: Target,
    end: NodeId,
}

/// Where paragraphs currently go.
enum Container {
    Root,
    List {
        ordered: bool,
        items: Vec<Paragraph>,
    },
    Quote {
        paragraphs: Vec<Paragraph>,
    },
}

/// Where text goes: the current unit (by its generation) or one region
/// (by its serial number).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Holder {
    Unit(u64),
    Region(u64),
}

/// A link's text is the text it holds in one place: where its first
/// non-white-space text went (`holder`). When that unit or region ends,
/// or the link's later text goes elsewhere (`<a href>x<figcaption>y`), the
/// text is complete (`sealed`): so every link's text lies in one text of
/// the article, where a writer can put it back.
struct OpenLink {
    index: usize,
    buf: TextBuf,
    holder: Option<Holder>,
    /// Where in the body's text its own text begins (see
    /// [`Walker::text_pos`]).
    pos: Option<usize>,
    /// Where white space before the first text went: text elsewhere
    /// starts the buffer afresh.
    blank_holder: Option<Holder>,
    sealed: bool,
    /// Already in its unit's links (its unit ended while it was open).
    placed: bool,
    /// Where the link opened: the place of a link without text.
    unit_generation: u64,
    /// The innermost region open where the link opened: the place of a
    /// link without text there.
    region: Option<u64>,
    in_footer: bool,
}

impl OpenLink {
    /// Whether text (or a break) pushed to `holder` is the link's.
    fn accepts(&mut self, holder: Holder, blank: bool, pos: usize) -> bool {
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
    fn take_text(&mut self) -> String {
        std::mem::take(&mut self.buf).finish()
    }
}

/// Where a link's text sits in the article, in the order the article is
/// read (and written): the date line, then the blocks, then the footer.
/// The article lists its links in that order, so a caption the walk
/// routes back to an earlier figure has its links there too.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum LinkPlace {
    Dateline,
    /// A block, and the part of it: its text (or a player's fallback),
    /// a media block's caption, its credit, in the order written.
    Block(usize, Part),
    Footer,
}

/// The parts of a block, in the order a writer puts them.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
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

/// A caption (and credit) read before the image it belongs to.
#[derive(Default)]
struct PendingCaption {
    caption: Option<String>,
    credit: Option<String>,
    /// The links in each, with their numbers: a paragraph's own links if
    /// no image comes.
    caption_links: Vec<(usize, Link)>,
    credit_links: Vec<(usize, Link)>,
}

/// What an element opened on entry, undone on exit.
#[derive(Clone, Copy, Default)]
struct Opened {
    boundary: bool,
    cell: bool,
    heading: bool,
    list: bool,
    list_nested: bool,
    item: bool,
    quote: bool,
    quote_nested: bool,
    link: bool,
    pre: bool,
    figure: bool,
}

/// The most recent image, for merging lazy-loading twins.
#[derive(Clone, Copy)]
struct LastImage {
    node: NodeId,
    block: usize,
}

struct Walker<'a> {
    content: &'a Content<'a>,
    dom: &'a Dom,
    /// Makes addresses absolute, within the body's budget.
    resolver: Resolver<'a>,
    visited: Vec<bool>,
    /// Claimed nodes: few, so a map rather than a per-node table.
    claims: HashMap<NodeId, Claim>,

    blocks: Vec<Block>,
    /// Media blocks met inside a paragraph, waiting for it to end.
    deferred: Vec<Block>,
    links: Vec<Link>,
    /// Where each of `links` is written: see [`LinkPlace`].
    link_places: Vec<Option<LinkPlace>>,
    /// Where in the body's text each of `links` begins.
    link_positions: Vec<usize>,
    /// How many bytes of text the walk has read so far: a position in
    /// the body's text, to order links by where their text begins.
    text_pos: usize,
    /// Links of the open list or quote's items, placed when it is emitted.
    container_links: Vec<usize>,
    footer: Option<Footer>,
    footer_links: Vec<Link>,
    warnings: Vec<Warning>,

    unit: TextBuf,
    /// The numbers in `links` of the current unit's links: in the order
    /// they opened, which is the order of their text. Numbers, not copies:
    /// a paragraph of a hundred thousand links would hold each twice
    /// until it ends.
    unit_links: Vec<usize>,
    unit_generation: u64,
    heading: Option<u8>,
    container: Container,
    regions: Vec<Region>,
    regions_opened: u64,
    open_links: Vec<OpenLink>,
    pre_depth: usize,
    last_image: Option<LastImage>,
    /// `<figure>`s whose image has been met, and captions waiting for one.
    figures_with_media: HashSet<NodeId>,
    pending_captions: HashMap<NodeId, PendingCaption>,
    glued_warned: bool,
}

impl<'a> Walker<'a> {
    fn new(content: &'a Content<'a>, resolver: Resolver<'a>) -> Walker<'a> {
        let dom = content.dom();
        Walker {
            content,
            dom,
            resolver,
            visited: vec![false; dom.len()],
            claims: HashMap::new(),
            blocks: Vec::new(),
            deferred: Vec::new(),
            links: Vec::new(),
            link_places: Vec::new(),
            link_positions: Vec::new(),
            text_pos: 0,
            container_links: Vec::new(),
            footer: None,
            footer_links: Vec::new(),
            warnings: Vec::new(),
            unit: TextBuf::new(),
            unit_links: Vec::new(),
            unit_generation: 0,
            heading: None,
            container: Container::Root,
            regions: Vec::new(),
            regions_opened: 0,
            open_links: Vec::new(),
            pre_depth: 0,
            last_image: None,
            figures_with_media: HashSet::new(),
            pending_captions: HashMap::new(),
            glued_warned: false,
        }
    }

    fn claim(&mut self, start: NodeId, end: NodeId, target: Target) {
        self.claims.entry(start).or_insert(Claim { target, end });
    }

    fn is_free(&self, node: NodeId) -> bool {
        !self.visited.get(node.index()).copied().unwrap_or(true) && !self.claims.contains_key(&node)
    }

    fn walk(&mut self) {
        // Depth-first over the tree's own links: only the open ancestors
        // (and what each opened) are kept, never a list of pending
        // siblings, so the walk's memory follows the depth (capped), not
        // the width, of the body.
        let root = self.dom.root();
        let mut ancestors: Vec<(NodeId, Opened)> = Vec::new();
        let mut next = Some(root);
        while let Some(node) = next {
            let (opened, descend) = self.enter(node);
            if descend && let Some(child) = self.dom.first_child(node) {
                ancestors.push((node, opened));
                next = Some(child);
                continue;
            }
            self.exit(node, opened);
            let mut done = node;
            next = loop {
                if done == root {
                    break None;
                }
                if let Some(sibling) = self.dom.next_sibling(done) {
                    break Some(sibling);
                }
                let Some((parent, opened)) = ancestors.pop() else {
                    break None;
                };
                self.exit(parent, opened);
                done = parent;
            };
        }
        // Every region closes on its end node's exit; this only guards
        // against a claim the walk never reached.
        while !self.regions.is_empty() {
            self.close_region();
        }
        self.hard_boundary();
        self.close_container();
        self.blocks.append(&mut self.deferred);
        for block in &mut self.blocks {
            match block {
                Block::Figure(f) => split_credit(&mut f.caption, &mut f.credit),
                Block::Embed(e) => split_credit(&mut e.caption, &mut e.credit),
                _ => {}
            }
        }
    }

    /// Enter a node: what it opened, and whether to walk its children.
    fn enter(&mut self, node: NodeId) -> (Opened, bool) {
        if let Some(v) = self.visited.get_mut(node.index()) {
            *v = true;
        }
        let mut opened = Opened::default();
        if let Some(claim) = self.claims.get(&node).copied() {
            self.open_region(claim.target, claim.end);
        }

        let Some(tag) = self.dom.tag(node) else {
            if let Some(text) = self.dom.take_text(node) {
                self.push_text(&text);
            }
            return (opened, false);
        };

        if let Some(kind) = media_kind(tag) {
            let block = self.media(node, tag, kind);
            // Players hold fallback text for browsers that cannot play
            // them; a glued tag may have swallowed content. An iframe's
            // content is raw text, not shown.
            let descend = matches!(tag, Tag::GluedImg | Tag::Video | Tag::Audio | Tag::Object);
            if descend && self.content.has_text(node) {
                if let (Media::Embed(_), Some(block)) = (kind, block) {
                    self.open_region(Target::Fallback(block), node);
                }
                return (opened, true);
            }
            return (opened, false);
        }
        if is_non_text(tag) {
            return (opened, false);
        }

        let structural = self.regions.is_empty();
        match tag {
            Tag::Br => {
                self.sink().push_break();
                let holder = self.holder();
                let pos = self.text_pos;
                if let Some(link) = self.open_links.last_mut()
                    && link.accepts(holder, true, pos)
                {
                    link.buf.push_break();
                }
            }
            Tag::Heading(level)
                if structural
                    && self.heading.is_none()
                    && matches!(self.container, Container::Root) =>
            {
                self.hard_boundary();
                self.heading = Some(level);
                opened.heading = true;
            }
            Tag::Ul | Tag::Ol if structural => match self.container {
                Container::Root if self.heading.is_none() => {
                    self.hard_boundary();
                    self.container = Container::List {
                        ordered: tag == Tag::Ol,
                        items: Vec::new(),
                    };
                    opened.list = true;
                }
                Container::List { .. } => {
                    self.item_boundary();
                    opened.list_nested = true;
                }
                _ => {
                    self.hard_boundary();
                    opened.boundary = true;
                }
            },
            Tag::Li if structural && matches!(self.container, Container::List { .. }) => {
                self.item_boundary();
                opened.item = true;
            }
            Tag::Blockquote if structural => match self.container {
                Container::Root if self.heading.is_none() => {
                    self.hard_boundary();
                    self.container = Container::Quote {
                        paragraphs: Vec::new(),
                    };
                    opened.quote = true;
                }
                Container::Quote { .. } => {
                    self.hard_boundary();
                    opened.quote_nested = true;
                }
                _ => {
                    self.hard_boundary();
                    opened.boundary = true;
                }
            },
            Tag::A => {
                if let Some(href) = self.dom.attr(node, "href") {
                    self.open_link(href);
                    opened.link = true;
                }
            }
            _ if is_cell(tag) => {
                self.sink().push_space();
                opened.cell = true;
            }
            _ => {
                if is_block(tag) {
                    self.hard_boundary();
                    opened.boundary = true;
                }
                if tag == Tag::Figcaption {
                    self.caption_before_image(node);
                }
                opened.pre = tag == Tag::Pre;
                opened.figure = tag == Tag::Figure;
            }
        }
        if opened.pre {
            self.pre_depth += 1;
        }
        (opened, true)
    }

    fn exit(&mut self, node: NodeId, opened: Opened) {
        if opened.link {
            self.close_link();
        }
        if opened.cell {
            self.sink().push_space();
        }
        if opened.pre {
            self.pre_depth = self.pre_depth.saturating_sub(1);
        }
        if opened.boundary {
            self.hard_boundary();
        }
        if opened.item {
            self.item_boundary();
        }
        if opened.list_nested {
            self.item_boundary();
        }
        if opened.list {
            self.item_boundary();
            self.close_container();
        }
        if opened.quote_nested {
            self.hard_boundary();
        }
        if opened.quote {
            self.hard_boundary();
            self.close_container();
        }
        if opened.heading {
            self.flush_heading();
            self.heading = None;
        }
        while self.regions.last().is_some_and(|r| r.end == node) {
            self.close_region();
        }
        if opened.figure {
            self.orphan_caption(node);
        }
    }

    fn open_region(&mut self, target: Target, end: NodeId) {
        // No break in the text around it: an inline caption taken out of a
        // paragraph leaves the sentence whole.
        self.regions_opened += 1;
        self.regions.push(Region {
            target,
            end,
            buf: TextBuf::new(),
            serial: self.regions_opened,
            links: Vec::new(),
        });
    }

    /// Where text goes right now.
    fn sink(&mut self) -> &mut TextBuf {
        match self.regions.last_mut() {
            Some(region) => &mut region.buf,
            None => &mut self.unit,
        }
    }

    fn push_text(&mut self, text: &str) {
        let pre = self.pre_depth > 0;
        let sink = self.sink();
        if pre {
            sink.push_preformatted(text);
        } else {
            sink.push_str(text);
        }
        let holder = self.holder();
        let blank = text.chars().all(char::is_whitespace);
        let pos = self.text_pos;
        self.text_pos += text.len();
        if let Some(link) = self.open_links.last_mut()
            && link.accepts(holder, blank, pos)
        {
            // The link's text is read as its holder's is: verbatim in a
            // `<pre>` (a carriage return dropped, as only a `&#13;` leaves
            // one in a text node).
            if pre {
                link.buf.push_preformatted(text);
            } else {
                link.buf.push_str(text);
            }
        }
    }

    fn open_link(&mut self, href: &str) {
        let href = self.resolver.resolve(href);
        self.open_links.push(OpenLink {
            index: self.links.len(),
            buf: TextBuf::new(),
            holder: None,
            pos: None,
            blank_holder: None,
            sealed: false,
            placed: false,
            unit_generation: self.unit_generation,
            region: self.regions.last().map(|r| r.serial),
            in_footer: self.regions.iter().any(|r| r.target == Target::Footer),
        });
        self.links.push(Link {
            href,
            text: String::new(),
        });
        self.link_places.push(None);
        self.link_positions.push(self.text_pos);
    }

    /// Where text goes now.
    fn holder(&self) -> Holder {
        match self.regions.last() {
            Some(region) => Holder::Region(region.serial),
            None => Holder::Unit(self.unit_generation),
        }
    }

    fn close_link(&mut self) {
        let Some(mut link) = self.open_links.pop() else {
            return;
        };
        if link.placed {
            return;
        }
        self.set_position(link.index, link.pos);
        let text = link.take_text();
        let Some(slot) = self.links.get_mut(link.index) else {
            return;
        };
        slot.text = text;
        let link_value = slot.clone();
        let (in_unit, in_footer) = match link.holder {
            Some(Holder::Unit(generation)) => {
                // A unit that ends places the open links whose text it
                // holds: this one's unit is the current one.
                debug_assert_eq!(generation, self.unit_generation);
                (generation == self.unit_generation, false)
            }
            Some(Holder::Region(serial)) => {
                let region = self.regions.iter_mut().find(|r| r.serial == serial);
                debug_assert!(region.is_some(), "a link outlived its region");
                if let Some(region) = region {
                    region.links.push((link.index, link_value));
                }
                return;
            }
            None if !link.in_footer => {
                // An empty link in a caption, credit or fallback goes with
                // that text's links, where it opened.
                if let Some(region) = link
                    .region
                    .and_then(|serial| self.regions.iter_mut().find(|r| r.serial == serial))
                {
                    region.links.push((link.index, link_value));
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
            // With the footer's other links, in the order of their text.
            match self
                .regions
                .iter_mut()
                .rev()
                .find(|r| r.target == Target::Footer)
            {
                Some(footer) => footer.links.push((link.index, link_value)),
                None => {
                    self.place_link(link.index, LinkPlace::Footer);
                    self.footer_links.push(link_value);
                }
            }
        } else if in_unit {
            self.add_unit_link(link.index);
        }
    }

    /// One of the current unit's links. A link nested in another (a
    /// `<table>` or `<marquee>` lets the tree builder nest them) closes
    /// first but opened later: keep the order of opening, the order of
    /// the text.
    fn add_unit_link(&mut self, index: usize) {
        let key = |i: usize| (self.link_positions.get(i).copied(), i);
        let at = self
            .unit_links
            .iter()
            .rposition(|i| key(*i) < key(index))
            .map_or(0, |p| p + 1);
        self.unit_links.insert(at, index);
    }

    /// Where a link's text begins, once it has text.
    fn set_position(&mut self, index: usize, pos: Option<usize>) {
        if let (Some(pos), Some(slot)) = (pos, self.link_positions.get_mut(index)) {
            *slot = pos;
        }
    }

    /// The current unit ends: the links still open whose text it holds
    /// are complete, and are its links.
    fn seal_unit_links(&mut self) {
        for (index, _) in self.seal(Holder::Unit(self.unit_generation)) {
            self.add_unit_link(index);
        }
    }

    /// A region ends: the links still open whose text it holds are
    /// complete, and join the others whose text it holds.
    fn seal_region_links(&mut self, region: &mut Region) {
        region
            .links
            .extend(self.seal(Holder::Region(region.serial)));
    }

    /// The links still open whose text `holder` holds, complete: their
    /// text and position set, each with its number in `links`.
    fn seal(&mut self, holder: Holder) -> Vec<(usize, Link)> {
        let mut sealed = Vec::new();
        for link in &mut self.open_links {
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
                let slot = self.links.get_mut(index)?;
                slot.text = text;
                Some((index, slot.clone()))
            })
            .collect()
    }

    /// A link whose text a closed region holds: the footer's are the
    /// footer's links; a waiting caption's go with it.
    fn add_region_link(&mut self, target: Target, index: usize, link: Link) {
        match target {
            Target::Footer => {
                self.place_link(index, LinkPlace::Footer);
                self.footer_links.push(link);
            }
            Target::Dateline => self.place_link(index, LinkPlace::Dateline),
            Target::PendingCaption(figure) => {
                let pending = self.pending_captions.entry(figure).or_default();
                pending.caption_links.push((index, link));
            }
            Target::PendingCredit(figure) => {
                let pending = self.pending_captions.entry(figure).or_default();
                pending.credit_links.push((index, link));
            }
            Target::Fallback(i) => self.place_link(index, LinkPlace::Block(i, Part::Text)),
            Target::Caption(i) => self.place_link(index, LinkPlace::Block(i, Part::Caption)),
            Target::Credit(i) => self.place_link(index, LinkPlace::Block(i, Part::Credit)),
        }
    }

    fn place_link(&mut self, index: usize, place: LinkPlace) {
        if let Some(slot) = self.link_places.get_mut(index) {
            *slot = Some(place);
        }
    }

    /// The unit just taken became block `block` (a paragraph or heading),
    /// or an item of the open container (`None`).
    fn place_unit_links(&mut self, indices: Vec<usize>, block: Option<usize>) {
        match block {
            Some(block) => {
                for index in indices {
                    self.place_link(index, LinkPlace::Block(block, Part::Text));
                }
            }
            None => self.container_links.extend(indices),
        }
    }

    /// A block boundary inside a region, heading or list item: a line break.
    fn soft_boundary(&mut self) {
        let holder = self.holder();
        match self.regions.last_mut() {
            Some(region) => region.buf.push_soft_break(),
            None => self.unit.push_soft_break(),
        }
        let pos = self.text_pos;
        if let Some(link) = self.open_links.last_mut()
            && link.accepts(holder, true, pos)
        {
            link.buf.push_soft_break();
        }
    }

    /// A block boundary: the unit becomes a paragraph of the current
    /// container, unless it belongs to a heading or list item.
    fn hard_boundary(&mut self) {
        if !self.regions.is_empty() || self.heading.is_some() {
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
                            self.blocks.push(Block::Paragraph(paragraph));
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
    fn item_boundary(&mut self) {
        if !self.regions.is_empty() {
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
        let indices = std::mem::take(&mut self.unit_links);
        let mut links = Vec::with_capacity(indices.len());
        links.extend(indices.iter().filter_map(|i| self.links.get(*i).cloned()));
        debug_assert_eq!(links.len(), indices.len());
        let text = self.unit.take();
        if text.is_empty() {
            debug_assert!(links.iter().all(|l| l.text.is_empty()));
            return None;
        }
        Some((Paragraph { text, links }, indices))
    }

    fn flush_heading(&mut self) {
        if let (Some(level), Some((p, indices))) = (self.heading, self.take_unit()) {
            self.blocks.push(Block::Heading(Heading {
                level,
                text: p.text,
                links: p.links,
            }));
            self.place_unit_links(indices, Some(self.blocks.len() - 1));
        }
        self.release_deferred();
    }

    /// The open container was emitted as the last block.
    fn place_container_links(&mut self) {
        let block = self.blocks.len() - 1;
        for index in std::mem::take(&mut self.container_links) {
            self.place_link(index, LinkPlace::Block(block, Part::Text));
        }
    }

    /// Media met inside the paragraph just emitted follow it.
    fn release_deferred(&mut self) {
        self.blocks.append(&mut self.deferred);
    }

    /// Emit the container's block (if it holds anything) and return to
    /// the root.
    fn close_container(&mut self) {
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
                    self.blocks.push(Block::List(list));
                    self.place_container_links();
                }
            }
            Container::Quote { paragraphs } => {
                if !paragraphs.is_empty() {
                    let quote = Quote {
                        paragraphs: std::mem::take(paragraphs),
                    };
                    self.blocks.push(Block::Quote(quote));
                    self.place_container_links();
                }
            }
        }
    }

    /// Block `i`: emitted, or deferred behind the open paragraph (whose
    /// block will come first, hence the one slot).
    fn block_mut(&mut self, i: usize) -> Option<&mut Block> {
        let emitted = self.blocks.len();
        if i < emitted {
            self.blocks.get_mut(i)
        } else {
            self.deferred.get_mut(i.checked_sub(emitted + 1)?)
        }
    }

    fn close_region(&mut self) {
        let Some(mut region) = self.regions.pop() else {
            return;
        };
        self.seal_region_links(&mut region);
        // In the order of their text, as a writer puts them back.
        let positions = &self.link_positions;
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
                append(&mut self.pending_captions.entry(figure).or_default().caption);
            }
            Target::PendingCredit(figure) => {
                append(&mut self.pending_captions.entry(figure).or_default().credit);
            }
            Target::Footer => {
                self.footer = Some(Footer {
                    text,
                    links: std::mem::take(&mut self.footer_links),
                });
            }
            Target::Dateline => {}
        }
    }

    /// A `<figcaption>` that comes before its figure's image: claim it (and
    /// its credits) to wait for the image.
    fn caption_before_image(&mut self, node: NodeId) {
        if !self.regions.is_empty() {
            return;
        }
        let Some(figure) = self
            .dom
            .ancestors(node)
            .take(CAPTION_TO_FIGURE)
            .find(|f| self.dom.tag(*f) == Some(Tag::Figure))
        else {
            return;
        };
        if self.content.media(figure) == 0 || self.figures_with_media.contains(&figure) {
            return;
        }
        let credits = {
            let is_free = |n: NodeId| self.is_free(n);
            caption_credits(self.content, node, &is_free)
        };
        for credit in credits {
            self.claim(credit, credit, Target::PendingCredit(figure));
        }
        self.open_region(Target::PendingCaption(figure), node);
    }

    /// A `<figure>` closes: a caption still waiting had no image after it
    /// after all; it stays in the story as a paragraph.
    fn orphan_caption(&mut self, figure: NodeId) {
        let Some(pending) = self.pending_captions.remove(&figure) else {
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
                let positions = &self.link_positions;
                links.sort_by_key(|(i, _)| (positions.get(*i).copied(), *i));
                let count = links.len();
                for (k, (index, link)) in links.into_iter().enumerate() {
                    debug_assert_eq!(self.links.get(index), Some(&link));
                    self.set_position(index, Some(self.text_pos + k));
                    self.add_unit_link(index);
                }
                self.text_pos += text.len().max(count);
                self.hard_boundary();
            }
        }
    }

    /// Bring every open structure up to date before a media block, so the
    /// block lands in document order.
    fn flush_before_media(&mut self) {
        if !self.regions.is_empty() {
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
    fn place(&mut self, block: Block) -> usize {
        let inside_paragraph = matches!(block, Block::Figure(_))
            && self.regions.is_empty()
            && matches!(self.container, Container::Root)
            && self.unit.has_text();
        if !self.deferred.is_empty() || inside_paragraph {
            self.deferred.push(block);
            self.blocks.len() + self.deferred.len()
        } else {
            self.flush_before_media();
            self.blocks.push(block);
            self.blocks.len() - 1
        }
    }

    /// Emit (or merge) the block for a media element and claim its
    /// caption; returns the block it went to.
    fn media(&mut self, node: NodeId, tag: Tag, kind: Media) -> Option<usize> {
        if tag == Tag::GluedImg && !self.glued_warned {
            self.glued_warned = true;
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
        ) = (kind, self.regions.last())
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
            .last_image
            .filter(|l| l.block == block && l.node != node)
            .map(|l| l.node);
        if kind == Media::Image {
            self.last_image = Some(LastImage { node, block });
        }
        self.adopt_pending_caption(node, block, first);

        let pairing = {
            let is_free = |n: NodeId| self.is_free(n);
            pair(self.content, node, &is_free)
        };
        for (start, end) in pairing.caption {
            self.claim(start, end, Target::Caption(block));
        }
        for n in pairing.credit {
            self.claim(n, n, Target::Credit(block));
        }
        if let Some(n) = pairing.fallback {
            self.claim(n, n, Target::Fallback(block));
        }
        Some(block)
    }

    /// Note that the image's `<figure>` has its image, and hand it a
    /// caption that came first.
    fn adopt_pending_caption(&mut self, node: NodeId, block: usize, first: Option<NodeId>) {
        let Some(n) = self
            .dom
            .ancestors(node)
            .take(MEDIA_TO_FIGURE)
            .find(|n| self.dom.tag(*n) == Some(Tag::Figure))
        else {
            return;
        };
        self.figures_with_media.insert(n);
        let Some(pending) = self.pending_captions.remove(&n) else {
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
        let before = first.is_none_or(|f| is_within(self.dom, f, n));
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

    fn figure(&mut self, node: NodeId) -> Figure {
        let (src, _) = image_source(self.dom, node);
        let src = src.map(|s| self.resolver.resolve(s));
        let original = src.as_deref().and_then(unwrap_proxy);
        let alt = self
            .dom
            .attr(node, "alt")
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned);
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
        let last = self.last_image?;
        let twins =
            self.noscript_neighbours(last.node, node) || self.noscript_neighbours(node, last.node);
        if !twins {
            return None;
        }
        let (src, placeholder) = image_source(self.dom, node);
        let src = src.map(|s| self.resolver.resolve(s));
        let alt = self
            .dom
            .attr(node, "alt")
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Vec<Block> {
        read(
            html,
            Url::parse("https://outlet.example/a/1.html").ok().as_ref(),
            Limits::default(),
        )
        .blocks
    }

    fn para(text: &str) -> Block {
        Block::Paragraph(Paragraph {
            text: text.into(),
            links: vec![],
        })
    }

    #[test]
    fn paragraphs_and_loose_text() {
        assert_eq!(
            blocks("<p>a</p>华盛顿 — <p>b<br>c</p><p> </p><p><strong></strong></p>"),
            vec![para("a"), para("华盛顿 —"), para("b\nc")]
        );
    }

    #[test]
    fn voa_figure_shapes() {
        let got = blocks(
            r#"<img src="https://images.weserv.nl?url=gdb.voanews.com/a.jpg" width="100%"><div><small style="color: #999;">cap one</small></div><p>t</p><div ><img  src="https://images.weserv.nl?url=gdb.voanews.com/b.jpg" alt="alt two" border="0"/><div><small>cap two</small></div></div>"#,
        );
        assert_eq!(got.len(), 3);
        let Block::Figure(f) = &got[0] else {
            panic!("{got:?}")
        };
        assert_eq!(f.caption.as_deref(), Some("cap one"));
        assert_eq!(f.original.as_deref(), Some("https://gdb.voanews.com/a.jpg"));
        let Block::Figure(f) = &got[2] else {
            panic!("{got:?}")
        };
        assert_eq!(f.caption.as_deref(), Some("cap two"));
        assert_eq!(f.alt.as_deref(), Some("alt two"));
    }

    #[test]
    fn lists_quotes_headings() {
        let got = blocks(
            "<h2>H</h2><ul><li>a</li><li><p>b</p><p>c</p></li></ul><blockquote><p>q1</p>— q2</blockquote><ol><li>x<ul><li>y</li></ul></li></ol>",
        );
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(
            got[0],
            Block::Heading(Heading {
                level: 2,
                text: "H".into(),
                links: vec![]
            })
        );
        let Block::List(l) = &got[1] else { panic!() };
        assert_eq!(
            l.items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(),
            ["a", "b\nc"]
        );
        let Block::Quote(q) = &got[2] else { panic!() };
        assert_eq!(q.paragraphs.len(), 2);
        let Block::List(l) = &got[3] else { panic!() };
        assert!(l.ordered);
        assert_eq!(l.items.len(), 2);
    }

    #[test]
    fn links_resolve_and_attach() {
        let body = read(
            r#"<p>see <a href="/a/2.html">this</a> and <a href="https://x.example/">that</a></p><a href="/a/3.html"></a>"#,
            Url::parse("https://outlet.example/a/1.html").ok().as_ref(),
            Limits::default(),
        );
        let hrefs: Vec<&str> = body.links.iter().map(|l| l.href.as_str()).collect();
        assert_eq!(
            hrefs,
            [
                "https://outlet.example/a/2.html",
                "https://x.example/",
                "https://outlet.example/a/3.html"
            ]
        );
        let Block::Paragraph(p) = &body.blocks[0] else {
            panic!()
        };
        assert_eq!(p.links.len(), 2);
        assert_eq!(p.links[0].text, "this");
    }

    #[test]
    fn footer_is_kept_apart() {
        let body = read(
            r#"<p>story</p><br><hr><div>获取更多RSS：<br><a href="https://feedx.net" style="color:orange">https://feedx.net</a> <br></div>"#,
            None,
            Limits::default(),
        );
        assert_eq!(body.blocks, vec![para("story")]);
        let footer = body.footer.unwrap();
        assert_eq!(footer.text, "获取更多RSS：\nhttps://feedx.net");
        assert_eq!(footer.links.len(), 1);
        assert_eq!(body.links.len(), 1);
    }

    #[test]
    fn lazy_image_and_noscript_twin_are_one_figure() {
        let got = blocks(
            r#"<p><img src="data:image/svg+xml,%3Csvg%3E" alt="file" data-lazy-src="https://c.example/a.png"><noscript><img src="https://c.example/a.png" alt="file"></noscript></p>"#,
        );
        assert_eq!(got.len(), 1, "{got:?}");
        let got = blocks(
            r#"<div class="wp-caption"><noscript><img src="https://c.example/b.jpg"></noscript><img class="lazyload" src="data:image/svg+xml,x" data-src="https://c.example/b.jpg"><p class="wp-caption-text">cap</p></div>"#,
        );
        assert_eq!(got.len(), 1, "{got:?}");
        let Block::Figure(f) = &got[0] else { panic!() };
        assert_eq!(f.src.as_deref(), Some("https://c.example/b.jpg"));
        assert_eq!(f.caption.as_deref(), Some("cap"));
    }
}

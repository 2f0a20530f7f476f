//! The body walk: the parsed tree, in document order, into blocks.
//!
//! One pass over the tree with an explicit stack (deep input must not
//! overflow the call stack). Text accumulates in the current *unit*, which
//! a block boundary turns into a paragraph, list item, quote paragraph or
//! heading. Nodes claimed by a figure (caption, credit), a player
//! (fallback), the date line or the feed footer are *regions*: their text
//! goes to that field instead, so nothing is counted twice.

use std::collections::HashMap;

use url::Url;

use crate::article::{
    Block, Embed, Figure, Footer, Heading, Link, List, Paragraph, Published, Quote,
};
use crate::content::{Content, is_non_text};
use crate::date::find_dateline;
use crate::dom::{Dom, Limits, NodeId, Tag};
use crate::error::Warning;
use crate::figure::{
    Media, embed_source, image_source, is_data_url, media_kind, pair, split_credit,
};
use crate::links::{absolutize, unwrap_proxy};
use crate::text::TextBuf;

/// Block-level elements: their start and end separate paragraphs.
pub(crate) fn is_block(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Address
            | Tag::Article
            | Tag::Aside
            | Tag::Blockquote
            | Tag::Body
            | Tag::Caption
            | Tag::Center
            | Tag::Dd
            | Tag::Details
            | Tag::Dialog
            | Tag::Dir
            | Tag::Div
            | Tag::Dl
            | Tag::Dt
            | Tag::Fieldset
            | Tag::Figcaption
            | Tag::Figure
            | Tag::Footer
            | Tag::Form
            | Tag::Heading(_)
            | Tag::Header
            | Tag::Hgroup
            | Tag::Hr
            | Tag::Html
            | Tag::Legend
            | Tag::Li
            | Tag::Main
            | Tag::Menu
            | Tag::Nav
            | Tag::Ol
            | Tag::P
            | Tag::Pre
            | Tag::Section
            | Tag::Summary
            | Tag::Table
            | Tag::Tbody
            | Tag::Td
            | Tag::Tfoot
            | Tag::Th
            | Tag::Thead
            | Tag::Tr
            | Tag::Ul
    )
}

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
    let content = Content::new(&dom);
    let mut walker = Walker::new(&content, base);

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
    if let Some(line) = find_dateline(&content) {
        for node in &line.nodes {
            walker.claim(*node, *node, Target::Skip);
        }
        body.published = line.published;
        body.byline = line.byline;
        body.dateline = Some(line.text).filter(|t| !t.is_empty());
        body.warnings.extend(line.problem);
    }
    if let Some(footer) = find_footer(&content) {
        walker.claim(footer, footer, Target::Footer);
    }
    walker.walk();
    let Walker {
        blocks,
        links,
        footer,
        warnings,
        ..
    } = walker;
    body.blocks = blocks;
    body.links = links;
    body.footer = footer;
    body.warnings.extend(warnings);
    body
}

/// The feed's footer: a last top-level `<div>` that reads `获取更多RSS：…`
/// or links only to the feed service, after an `<hr>`.
fn find_footer(content: &Content<'_>) -> Option<NodeId> {
    let dom = content.dom();
    let root = dom.root();
    let mut last = dom.last_child(root);
    while let Some(n) = last.filter(|n| !content.meaningful(*n)) {
        last = dom.prev_sibling(n);
    }
    let last = last?;
    if dom.tag(last) != Some(Tag::Div) || content.media(last) > 0 {
        return None;
    }
    let text = content.subtree_text(last);
    if text.starts_with("获取更多RSS") {
        return Some(last);
    }
    let follows_rule = {
        let mut prev = dom.prev_sibling(last);
        while let Some(p) = prev.filter(|p| !content.meaningful(*p) && dom.tag(*p) != Some(Tag::Hr))
        {
            prev = dom.prev_sibling(p);
        }
        prev.is_some_and(|p| dom.tag(p) == Some(Tag::Hr))
    };
    let mut hrefs = descendants(dom, last).filter_map(|n| {
        (dom.tag(n) == Some(Tag::A))
            .then(|| dom.attr(n, "href"))
            .flatten()
    });
    let feed_links_only = hrefs.all(|h| {
        Url::parse(h)
            .ok()
            .and_then(|u| u.host_str().map(|host| host.starts_with("feedx.")))
            .unwrap_or(false)
    }) && descendants(dom, last).any(|n| dom.tag(n) == Some(Tag::A));
    (follows_rule && feed_links_only).then_some(last)
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

/// Where a claimed node's text goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    /// Already accounted for (the date line): not walked.
    Skip,
    Caption(usize),
    Credit(usize),
    Fallback(usize),
    Footer,
}

/// An open region: text goes here until its node closes.
struct Region {
    target: Target,
    /// The node whose exit closes the region: the claimed node itself, or
    /// the last sibling of a claimed run.
    end: NodeId,
    buf: TextBuf,
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

struct OpenLink {
    index: usize,
    buf: TextBuf,
    unit_generation: u64,
    in_region: bool,
    in_footer: bool,
}

/// What an element opened on entry, undone on exit.
#[derive(Clone, Copy, Default)]
struct Opened {
    boundary: bool,
    heading: bool,
    list: bool,
    list_nested: bool,
    item: bool,
    quote: bool,
    quote_nested: bool,
    link: bool,
}

enum Frame {
    Enter(NodeId),
    Exit(NodeId, Opened),
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
    base: Option<&'a Url>,
    visited: Vec<bool>,
    /// Claimed nodes: few, so a map rather than a per-node table.
    claims: HashMap<NodeId, Claim>,

    blocks: Vec<Block>,
    links: Vec<Link>,
    footer: Option<Footer>,
    footer_links: Vec<Link>,
    warnings: Vec<Warning>,

    unit: TextBuf,
    unit_links: Vec<Link>,
    unit_generation: u64,
    heading: Option<u8>,
    container: Container,
    regions: Vec<Region>,
    open_links: Vec<OpenLink>,
    last_image: Option<LastImage>,
    glued_warned: bool,
}

impl<'a> Walker<'a> {
    fn new(content: &'a Content<'a>, base: Option<&'a Url>) -> Walker<'a> {
        let dom = content.dom();
        Walker {
            content,
            dom,
            base,
            visited: vec![false; dom.len()],
            claims: HashMap::new(),
            blocks: Vec::new(),
            links: Vec::new(),
            footer: None,
            footer_links: Vec::new(),
            warnings: Vec::new(),
            unit: TextBuf::new(),
            unit_links: Vec::new(),
            unit_generation: 0,
            heading: None,
            container: Container::Root,
            regions: Vec::new(),
            open_links: Vec::new(),
            last_image: None,
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
        let mut stack = vec![Frame::Enter(self.dom.root())];
        while let Some(frame) = stack.pop() {
            match frame {
                Frame::Enter(node) => self.enter(node, &mut stack),
                Frame::Exit(node, opened) => self.exit(node, opened),
            }
        }
        // Every region closes on its end node's exit; this only guards
        // against a claim the walk never reached.
        while !self.regions.is_empty() {
            self.close_region();
        }
        self.hard_boundary();
        self.close_container();
        for block in &mut self.blocks {
            match block {
                Block::Figure(f) => split_credit(&mut f.caption, &mut f.credit),
                Block::Embed(e) => split_credit(&mut e.caption, &mut e.credit),
                _ => {}
            }
        }
    }

    fn enter(&mut self, node: NodeId, stack: &mut Vec<Frame>) {
        if let Some(v) = self.visited.get_mut(node.index()) {
            *v = true;
        }
        let mut opened = Opened::default();
        if let Some(claim) = self.claims.get(&node).copied() {
            match claim.target {
                Target::Skip => return,
                target => self.open_region(target, claim.end),
            }
        }

        let Some(tag) = self.dom.tag(node) else {
            if let Some(text) = self.dom.text(node) {
                self.push_text(text);
            }
            stack.push(Frame::Exit(node, opened));
            return;
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
                self.push_children(node, opened, stack);
            } else {
                stack.push(Frame::Exit(node, opened));
            }
            return;
        }
        if is_non_text(tag) {
            stack.push(Frame::Exit(node, opened));
            return;
        }

        let structural = self.regions.is_empty();
        match tag {
            Tag::Br => {
                self.sink().push_break();
                if let Some(link) = self.open_links.last_mut() {
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
                    let href = absolutize(self.base, href);
                    let index = self.links.len();
                    self.links.push(Link {
                        href,
                        text: String::new(),
                    });
                    self.open_links.push(OpenLink {
                        index,
                        buf: TextBuf::new(),
                        unit_generation: self.unit_generation,
                        in_region: !self.regions.is_empty(),
                        in_footer: self.regions.iter().any(|r| r.target == Target::Footer),
                    });
                    opened.link = true;
                }
            }
            _ if is_block(tag) => {
                self.hard_boundary();
                opened.boundary = true;
            }
            _ => {}
        }
        self.push_children(node, opened, stack);
    }

    fn push_children(&mut self, node: NodeId, opened: Opened, stack: &mut Vec<Frame>) {
        stack.push(Frame::Exit(node, opened));
        let first = stack.len();
        stack.extend(self.dom.children(node).map(Frame::Enter));
        if let Some(children) = stack.get_mut(first..) {
            children.reverse();
        }
    }

    fn exit(&mut self, node: NodeId, opened: Opened) {
        if opened.link {
            self.close_link();
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
    }

    fn open_region(&mut self, target: Target, end: NodeId) {
        self.soft_boundary();
        self.regions.push(Region {
            target,
            end,
            buf: TextBuf::new(),
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
        self.sink().push_str(text);
        if let Some(link) = self.open_links.last_mut() {
            link.buf.push_str(text);
        }
    }

    fn close_link(&mut self) {
        let Some(link) = self.open_links.pop() else {
            return;
        };
        let text = link.buf.finish();
        let Some(slot) = self.links.get_mut(link.index) else {
            return;
        };
        slot.text = text;
        if link.in_footer {
            self.footer_links.push(slot.clone());
        } else if !link.in_region && link.unit_generation == self.unit_generation {
            self.unit_links.push(slot.clone());
        }
    }

    /// A block boundary inside a region, heading or list item: a line break.
    fn soft_boundary(&mut self) {
        match self.regions.last_mut() {
            Some(region) => region.buf.push_soft_break(),
            None => self.unit.push_soft_break(),
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
                if let Some(paragraph) = self.take_unit() {
                    match &mut self.container {
                        Container::Quote { paragraphs } => paragraphs.push(paragraph),
                        _ => self.blocks.push(Block::Paragraph(paragraph)),
                    }
                }
            }
        }
    }

    /// A list item starts or ends.
    fn item_boundary(&mut self) {
        if !self.regions.is_empty() {
            self.soft_boundary();
            return;
        }
        if let Some(item) = self.take_unit()
            && let Container::List { items, .. } = &mut self.container
        {
            items.push(item);
        }
    }

    fn take_unit(&mut self) -> Option<Paragraph> {
        self.unit_generation += 1;
        let links = std::mem::take(&mut self.unit_links);
        let text = self.unit.take();
        (!text.is_empty()).then_some(Paragraph { text, links })
    }

    fn flush_heading(&mut self) {
        if let (Some(level), Some(p)) = (self.heading, self.take_unit()) {
            self.blocks.push(Block::Heading(Heading {
                level,
                text: p.text,
            }));
        }
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
                }
            }
            Container::Quote { paragraphs } => {
                if !paragraphs.is_empty() {
                    let quote = Quote {
                        paragraphs: std::mem::take(paragraphs),
                    };
                    self.blocks.push(Block::Quote(quote));
                }
            }
        }
    }

    fn close_region(&mut self) {
        let Some(region) = self.regions.pop() else {
            return;
        };
        let text = region.buf.finish();
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
            Target::Caption(i) => match self.blocks.get_mut(i) {
                Some(Block::Figure(f)) => append(&mut f.caption),
                Some(Block::Embed(e)) => append(&mut e.caption),
                _ => {}
            },
            Target::Credit(i) => match self.blocks.get_mut(i) {
                Some(Block::Figure(f)) => append(&mut f.credit),
                Some(Block::Embed(e)) => append(&mut e.credit),
                _ => {}
            },
            Target::Fallback(i) => {
                if let Some(Block::Embed(e)) = self.blocks.get_mut(i) {
                    append(&mut e.fallback);
                }
            }
            Target::Footer => {
                self.footer = Some(Footer {
                    text,
                    links: std::mem::take(&mut self.footer_links),
                });
            }
            Target::Skip => {}
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
            if let (Some(Block::Embed(e)), Some(src)) = (self.blocks.get_mut(i), src)
                && e.poster.is_none()
            {
                e.poster = Some(absolutize(self.base, src));
            }
            return None;
        }

        let block = match kind {
            Media::Image => match self.merge_twin(node) {
                Some(existing) => existing,
                None => {
                    let figure = self.figure(node);
                    self.flush_before_media();
                    self.blocks.push(Block::Figure(figure));
                    self.blocks.len() - 1
                }
            },
            Media::Embed(kind) => {
                let embed = Embed {
                    kind,
                    src: embed_source(self.dom, node).map(|s| absolutize(self.base, s)),
                    poster: self
                        .dom
                        .attr(node, "poster")
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(|p| absolutize(self.base, p)),
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
                self.flush_before_media();
                self.blocks.push(Block::Embed(embed));
                self.blocks.len() - 1
            }
        };
        if kind == Media::Image {
            self.last_image = Some(LastImage { node, block });
        }

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

    fn figure(&self, node: NodeId) -> Figure {
        let (src, _) = image_source(self.dom, node);
        let src = src.map(|s| absolutize(self.base, s));
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
        let Some(Block::Figure(figure)) = self.blocks.get_mut(last.block) else {
            return None;
        };
        // Side by side, an image and its `<noscript>` version are one
        // picture even when the two name different renditions; keep the
        // real address of the two.
        let src = src.map(|s| absolutize(self.base, s));
        let known_is_placeholder = figure.src.as_deref().is_none_or(is_data_url);
        if known_is_placeholder && !placeholder && src.is_some() {
            figure.original = src.as_deref().and_then(unwrap_proxy);
            figure.src = src;
        }
        if figure.alt.is_none() {
            figure.alt = self
                .dom
                .attr(node, "alt")
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned);
        }
        Some(last.block)
    }

    /// `inner` sits in a `<noscript>` whose neighbour (ignoring white
    /// space) is, or ends/starts with, `other`.
    fn noscript_neighbours(&self, other: NodeId, inner: NodeId) -> bool {
        let dom = self.dom;
        let mut noscript = dom.parent(inner);
        for _ in 0..3 {
            match noscript {
                Some(n) if dom.tag(n) == Some(Tag::Noscript) => break,
                Some(n) => noscript = dom.parent(n),
                None => return false,
            }
        }
        let Some(noscript) = noscript.filter(|n| dom.tag(*n) == Some(Tag::Noscript)) else {
            return false;
        };
        let near = |sibling: Option<NodeId>| {
            let Some(s) = sibling else { return false };
            let mut n = Some(other);
            for _ in 0..4 {
                match n {
                    Some(x) if x == s => return true,
                    Some(x) => n = dom.parent(x),
                    None => return false,
                }
            }
            false
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
                text: "H".into()
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

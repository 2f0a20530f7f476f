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

use anchors::Anchors;
use blocks::{Container, Deferred};
use footer::find_footer;
use media::Figures;
use regions::{Regions, Target};

mod anchors;
mod blocks;
mod footer;
mod media;
mod regions;

use crate::article::{Block, Footer, Link, Published};
use crate::content::Content;
use crate::date::find_dateline;
use crate::dom::{Dom, Limits, NodeId, Stats, Tag, is_block, is_cell, is_non_text};
use crate::error::Warning;
use crate::figure::{Media, media_kind, split_credit};
use crate::links::Resolver;
use crate::text::TextBuf;
use url::Url;

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
            .any(|d| dom.is_within(*footer, *d) || dom.is_within(*d, *footer))
    };
    if let Some(footer) = find_footer(&content).filter(|f| !overlaps_dateline(f)) {
        walker.claim(footer, footer, Target::Footer);
    }
    walker.walk();
    let Walker {
        blocks,
        anchors,
        footer,
        warnings,
        resolver,
        ..
    } = walker;
    body.blocks = crate::furniture::set_apart(blocks);
    body.links = anchors.into_ordered_links();
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
    /// A screen readers' label: a space after it.
    label: bool,
}

/// The walk's state, by part: the traversal's own (here), the blocks
/// being assembled (`blocks.rs`), the regions (`regions.rs`), the
/// anchors (`anchors.rs`) and the media (`media.rs`). Each part's methods
/// are in its file, as `impl Walker` blocks.
struct Walker<'a> {
    content: &'a Content<'a>,
    dom: &'a Dom,
    /// Makes addresses absolute, within the body's budget.
    resolver: Resolver<'a>,
    visited: Vec<bool>,
    /// How many bytes of text the walk has read so far: a position in
    /// the body's text, to order links by where their text begins.
    text_pos: usize,
    /// How many `<pre>` are open.
    pre_depth: usize,
    warnings: Vec<Warning>,

    // Block assembly (`blocks.rs`).
    blocks: Vec<Block>,
    /// Media blocks met inside a paragraph, waiting for it to end.
    deferred: Deferred,
    /// The current unit's text.
    unit: TextBuf,
    /// Which unit is current: a link or region remembers the one it
    /// opened in.
    unit_generation: u64,
    heading: Option<u8>,
    container: Container,
    footer: Option<Footer>,

    regions: Regions,
    anchors: Anchors,
    figures: Figures,
}

impl<'a> Walker<'a> {
    fn new(content: &'a Content<'a>, resolver: Resolver<'a>) -> Walker<'a> {
        let dom = content.dom();
        Walker {
            content,
            dom,
            resolver,
            visited: vec![false; dom.len()],
            text_pos: 0,
            pre_depth: 0,
            warnings: Vec::new(),
            blocks: Vec::with_capacity(content.block_hint()),
            deferred: Deferred::default(),
            unit: TextBuf::new(),
            unit_generation: 0,
            heading: None,
            container: Container::Root,
            footer: None,
            regions: Regions::default(),
            anchors: Anchors::default(),
            figures: Figures::default(),
        }
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
        while !self.regions.open.is_empty() {
            self.close_region();
        }
        self.hard_boundary();
        self.close_container();
        self.release_deferred();
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
        if let Some(claim) = self.regions.claims.get(&node).copied() {
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

        let structural = self.regions.open.is_empty();
        match tag {
            Tag::Br => {
                self.sink().push_break();
                let holder = self.holder();
                let pos = self.text_pos;
                if let Some(link) = self.anchors.open_links.last_mut()
                    && link.accepts(holder, true, pos)
                {
                    link.buf.push_break();
                }
            }
            Tag::Heading(_) | Tag::P
                if structural
                    && self.heading.is_none()
                    && matches!(self.container, Container::Root)
                    && let Some(level) = self.heading_level(tag, node) =>
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
                opened.label = !is_block(tag) && self.dom.is_screen_reader_label(node);
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
        if opened.cell || opened.label {
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
        while self.regions.open.last().is_some_and(|r| r.end == node) {
            self.close_region();
        }
        if opened.figure {
            self.orphan_caption(node);
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
        if let Some(link) = self.anchors.open_links.last_mut()
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Figure, Heading, Paragraph};

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

    /// BBC 2020: screen readers' labels before the credit and inside the
    /// caption. The credit's label is the credit's (not a paragraph), and
    /// each label keeps a space from the text it labels.
    #[test]
    fn screen_reader_labels_go_with_what_they_label() {
        let got = blocks(concat!(
            r#"<figure><span class="image-and-copyright-container"><img src="/p.jpg">"#,
            r#"<span class="off-screen">图片版权</span><span class="story-image-copyright">Reuters</span></span>"#,
            r#"<figcaption class="media-caption"><span class="off-screen">Image caption</span>"#,
            r#"<span class="media-caption__text">救起一名海员。</span></figcaption></figure><p>正文。</p>"#,
        ));
        assert_eq!(got.len(), 2, "{got:?}");
        let Block::Figure(f) = &got[0] else {
            panic!("{got:?}")
        };
        assert_eq!(f.credit.as_deref(), Some("图片版权 Reuters"));
        assert_eq!(f.caption.as_deref(), Some("Image caption 救起一名海员。"));
        assert_eq!(got[1], para("正文。"));
    }

    fn only_figure(html: &str) -> Figure {
        let got = blocks(html);
        let figures: Vec<&Figure> = got
            .iter()
            .filter_map(|b| match b {
                Block::Figure(f) => Some(&**f),
                _ => None,
            })
            .collect();
        let [only] = figures[..] else {
            panic!("not one figure: {got:?}")
        };
        // Nothing of the figure is also a paragraph.
        assert!(
            got.iter().all(|b| !matches!(b, Block::Paragraph(p)
                if Some(p.text.as_str()) == only.caption.as_deref()
                    || Some(p.text.as_str()) == only.credit.as_deref())),
            "{got:?}"
        );
        only.clone()
    }

    #[test]
    fn alt_from_aria_label_or_title() {
        let f = only_figure(r#"<figure><img src="/a.jpg" aria-label="标签说明"></figure>"#);
        assert_eq!(f.alt.as_deref(), Some("标签说明"));
        let f = only_figure(r#"<p>一。</p><img src="/a.jpg" title="标题说明"><p>二。</p>"#);
        assert_eq!(f.alt.as_deref(), Some("标题说明"));
        let f = only_figure(r#"<img src="/a.jpg" alt="替代" title="标题说明">"#);
        assert_eq!(f.alt.as_deref(), Some("替代"));
    }

    #[test]
    fn a_figcaption_right_after_its_figure() {
        let f = only_figure(
            r#"<figure><img src="/a.jpg"></figure><figcaption>图在前，说明在后</figcaption><p>正文。</p>"#,
        );
        assert_eq!(f.caption.as_deref(), Some("图在前，说明在后"));
    }

    #[test]
    fn a_credit_line_right_after_the_picture() {
        let f = only_figure(concat!(
            r#"<div><picture><img src="/a.jpg"></picture></div>"#,
            r#"<p role="text"><span>图像来源，</span><span>Getty Images</span></p><p>正文。</p>"#
        ));
        assert_eq!(f.credit.as_deref(), Some("图像来源，Getty Images"));
    }

    /// BBC 2024: the credit inside the image's wrapper, the caption a
    /// marked `<span>` after it.
    #[test]
    fn a_marked_caption_after_the_credit() {
        let f = only_figure(concat!(
            r#"<div><div><picture><img src="/a.jpg" alt="替代"></picture>"#,
            r#"<p role="text"><span>图像来源，</span><span>EPA</span></p></div>"#,
            r#"<span data-testid="caption-paragraph">开幕式上的表演引发了批评。</span></div><div><p>正文。</p></div>"#
        ));
        assert_eq!(f.credit.as_deref(), Some("图像来源，EPA"));
        assert_eq!(f.caption.as_deref(), Some("开幕式上的表演引发了批评。"));
    }

    #[test]
    fn a_figure_without_an_image_keeps_its_caption() {
        let got = blocks(
            "<figure><div>Array</div><figcaption>一张没有图片的说明</figcaption></figure><p>正文。</p>",
        );
        assert_eq!(
            got,
            vec![
                para("Array"),
                Block::Figure(Box::new(Figure {
                    caption: Some("一张没有图片的说明".into()),
                    ..Figure::default()
                })),
                para("正文。"),
            ]
        );
        // An empty one makes nothing.
        assert_eq!(
            blocks("<figure><figcaption> </figcaption></figure><p>正文。</p>"),
            vec![para("正文。")]
        );
    }

    #[test]
    fn a_short_bold_paragraph_is_a_subheading() {
        let heading = |text: &str| {
            Block::Heading(Heading {
                level: 2,
                text: text.into(),
                links: vec![],
            })
        };
        assert_eq!(
            blocks(
                "<p>一。</p><p><strong>中国经济或受冲击</strong></p><p><b> 台湾会变成交易棋子？ </b></p>"
            ),
            vec![
                para("一。"),
                heading("中国经济或受冲击"),
                heading("台湾会变成交易棋子？")
            ]
        );
        // Not one: a sentence, a standfirst, a label, an address, an end
        // mark, a link inside, bold that is not the whole paragraph.
        let long = "巴黎奥运开幕至今尺度较大的开幕式上若干细节成为遭到热议的话题在各项赛事开始之后赛场上也有争议现象出现";
        for (html, text) in [
            ("<p><strong>他来了。</strong></p>", "他来了。"),
            (&*format!("<p><b>{long}</b></p>"), long),
            (
                "<p><strong>以下为网友评论：</strong></p>",
                "以下为网友评论：",
            ),
            (
                "<p><strong>https://rss.dw.com/x</strong></p>",
                "https://rss.dw.com/x",
            ),
            ("<p><strong>~. Fin .~</strong></p>", "~. Fin .~"),
            ("<p><strong><a href=/x>相关</a></strong></p>", "相关"),
            ("<p><strong>粗体</strong>和正文</p>", "粗体和正文"),
        ] {
            let got = blocks(html);
            assert!(
                matches!(&got[..], [Block::Paragraph(p)] if p.text == text),
                "{html}: {got:?}"
            );
        }
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

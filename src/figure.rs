//! Images and players: which address an element names, and which nodes
//! after it are its caption, credit or fallback.
//!
//! Caption shapes handled, most explicit first:
//!
//! 1. markup that says so, inside the image's container: `<figcaption>`
//!    (with `<cite>` or a `©` part as the credit), WordPress
//!    `wp-caption-text`, RFA `image-caption` / `copyright`, BBC's
//!    `<p role="text">` credit, a `<small>` inside a `<figure>`;
//! 2. BBC's layout, where the caption is the block after the image's
//!    wrapper inside the figure component;
//! 3. a gallery `<div><img><b>title</b>：text</div>`, or a `<p>` holding the
//!    image and one styled inline element;
//! 4. right after the image or the wrappers it ends: a `<small>`
//!    (`<img><div><small>…</small></div>`, `<p><img><small>…</small></p>`,
//!    `<video></video><div><small>`), a `<figcaption>` after the
//!    `</figure>`, an element marked as a caption, a credit line
//!    (`<picture>…</picture><p role="text">`) and the marked caption after
//!    it (BBC 2024's `<span data-testid="caption-paragraph">`).
//!
//! A screen readers' label right before a credit is the credit's; a
//! caption's credit is split off by its markup (`<cite>`, a credit class,
//! a part opening with `©`) or, in its text, by a credit marker
//! ([`split_credit`]). A `<figure>` with a caption and no image is a
//! figure without `src` (the walk's rule "figure without image").
//!
//! Only nodes the walker has not reached yet are ever claimed, so each
//! piece of text lands in exactly one place.

use crate::article::EmbedKind;
use crate::content::Content;
use crate::dom::{Dom, NodeId, Tag, is_block, is_flow_root, is_media, largest_srcset_candidate};

/// How far up from an image to look for its figure container.
const CONTAINER_CLIMB: usize = 5;
/// How many levels from BBC's image placeholder (itself, its grid item)
/// may have the caption as next sibling.
const BBC_CAPTION_CLIMB: usize = 2;
/// How deep in wrappers (the wrapper itself counts) a caption's `<small>`
/// may sit, alone, after its image.
const SMALL_DEPTH: usize = 4;

/// What a media element is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Media {
    Image,
    Embed(EmbedKind),
}

pub(crate) fn media_kind(tag: Tag) -> Option<Media> {
    match tag {
        Tag::Img | Tag::GluedImg => Some(Media::Image),
        Tag::Video => Some(Media::Embed(EmbedKind::Video)),
        Tag::Audio => Some(Media::Embed(EmbedKind::Audio)),
        Tag::Iframe => Some(Media::Embed(EmbedKind::Iframe)),
        Tag::Embed | Tag::Object => Some(Media::Embed(EmbedKind::Object)),
        _ => None,
    }
}

/// The address an image element names, as written, and whether it is only
/// a `data:` placeholder.
pub(crate) fn image_source(dom: &Dom, img: NodeId) -> (Option<&str>, bool) {
    // Lazy loaders keep the real address aside until the image scrolls
    // into view, and put a placeholder (a `data:` URL or a blank GIF) in
    // `src`: their attributes come first.
    for name in [
        "data-lazy-src",
        "data-src",
        "data-original",
        "data-lazy",
        "data-url",
    ] {
        if let Some(v) = non_empty(dom.attr(img, name)).filter(|v| !is_data_url(v)) {
            return (Some(v), false);
        }
    }
    let src = non_empty(dom.attr(img, "src")).or_else(|| non_empty(dom.attr(img, "href")));
    if let Some(src) = src.filter(|s| !is_data_url(s)) {
        return (Some(src), false);
    }
    for name in ["srcset", "data-srcset", "data-lazy-srcset"] {
        if let Some(v) = non_empty(dom.attr(img, name))
            .and_then(largest_srcset_candidate)
            .filter(|v| !is_data_url(v))
        {
            return (Some(v), false);
        }
    }
    // `<picture><source srcset>…<img>`: the sources name the image too.
    if let Some(picture) = dom
        .parent(img)
        .filter(|p| dom.tag(*p) == Some(Tag::Picture))
    {
        for source in dom.children(picture) {
            if dom.tag(source) == Some(Tag::Source)
                && let Some(v) = non_empty(dom.attr(source, "srcset"))
                    .and_then(largest_srcset_candidate)
                    .filter(|v| !is_data_url(v))
            {
                return (Some(v), false);
            }
        }
    }
    (src, src.is_some())
}

/// The address a player element names.
pub(crate) fn embed_source(dom: &Dom, node: NodeId) -> Option<&str> {
    let own = match dom.tag(node) {
        Some(Tag::Object) => non_empty(dom.attr(node, "data")),
        _ => non_empty(dom.attr(node, "src")).or_else(|| non_empty(dom.attr(node, "data-src"))),
    };
    own.or_else(|| {
        dom.children(node)
            .filter(|c| dom.tag(*c) == Some(Tag::Source))
            .find_map(|c| non_empty(dom.attr(c, "src")))
    })
}

fn non_empty(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

pub(crate) fn is_data_url(s: &str) -> bool {
    s.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("data:"))
}

/// Where a caption's text names its source, the credit starts: `©`
/// (`MC附近的指示牌 © 常识`), the NYT's `Credit...`, `摄影：`, `图片来源：`,
/// BBC's `图像来源，`. A marker counts at the start of the caption (the
/// whole caption is a credit: `©️Kerekes Gábor`), or after white space or
/// the end of a sentence; a marker in brackets takes the brackets along
/// (`说明（摄影：张三）`).
const CREDIT_MARKERS: &[&str] = &[
    "©",
    "Credit...",
    "Credit…",
    "摄影：",
    "摄影:",
    "图片来源：",
    "图片来源:",
    "图像来源，",
    "图像来源：",
];

/// A caption that names its source carries its credit: split it off
/// (see [`CREDIT_MARKERS`]). A credit already found by markup stays.
pub(crate) fn split_credit(caption: &mut Option<String>, credit: &mut Option<String>) {
    if credit.is_some() {
        return;
    }
    let Some(text) = caption.as_deref() else {
        return;
    };
    let at = CREDIT_MARKERS
        .iter()
        .flat_map(|marker| text.match_indices(marker).map(|(i, _)| i))
        .filter_map(|i| {
            let before = text.get(..i)?;
            if before.is_empty() {
                return Some(0);
            }
            if before.ends_with(['（', '(']) {
                let open = before.char_indices().next_back().map_or(0, |(j, _)| j);
                // `(…)` only when the bracket closes at the end.
                return text.ends_with([')', '）']).then_some(open);
            }
            before
                .ends_with(|c: char| c.is_whitespace() || matches!(c, '。' | '！' | '？' | '.'))
                .then_some(i)
        })
        .max();
    let Some(at) = at else {
        return;
    };
    if at == 0 {
        *credit = caption.take();
        return;
    }
    if let (Some(before), Some(after)) = (text.get(..at), text.get(at..)) {
        *credit = Some(after.to_owned());
        *caption = Some(before.trim_end().to_owned());
    }
}

/// The nodes that belong to one image or player.
#[derive(Debug, Default)]
pub(crate) struct Pairing {
    /// Runs of sibling nodes, first and last.
    pub(crate) caption: Vec<(NodeId, NodeId)>,
    /// Runs of sibling nodes, first and last, as for captions.
    pub(crate) credit: Vec<(NodeId, NodeId)>,
    /// A `<noscript>` right after a player: what shows when it cannot play.
    pub(crate) fallback: Option<NodeId>,
}

impl Pairing {
    fn is_empty(&self) -> bool {
        self.caption.is_empty() && self.credit.is_empty()
    }
}

/// Find the caption, credit and fallback of media element `media`.
/// `is_free` says whether a node is still unclaimed and unvisited.
pub(crate) fn pair(
    content: &Content<'_>,
    media: NodeId,
    is_free: &dyn Fn(NodeId) -> bool,
) -> Pairing {
    let dom = content.dom();
    let mut pairing = Pairing::default();
    let is_embed = matches!(dom.tag(media).and_then(media_kind), Some(Media::Embed(_)));

    // A `<noscript>` right after the element is its fallback (players) or
    // its twin (lazy images): part of it, not a caption.
    let mut extent = media;
    if let Some(next) = content.next_meaningful_sibling(media)
        && dom.tag(next) == Some(Tag::Noscript)
        && is_free(next)
    {
        if is_embed {
            pairing.fallback = Some(next);
        }
        extent = next;
    }

    if let Some(container) = caption_container(content, media) {
        scan_container(content, container, extent, is_free, &mut pairing);
    }
    if pairing.caption.is_empty() && in_bbc_figure(content, media) {
        bbc_caption(content, media, extent, is_free, &mut pairing);
    }
    if pairing.is_empty() {
        gallery_caption(content, extent, is_free, &mut pairing);
    }
    if pairing.is_empty() {
        small_after(content, extent, is_free, &mut pairing);
    }
    pairing
}

/// The nearest ancestor that marks a figure: `<figure>`, a class with
/// `caption` in it (`wp-caption`, `image-inline captioned`), or BBC's
/// image placeholder.
fn caption_container(content: &Content<'_>, media: NodeId) -> Option<NodeId> {
    let dom = content.dom();
    for node in dom.ancestors(media).take(CONTAINER_CLIMB) {
        let tag = dom.tag(node)?;
        if is_flow_root(tag) {
            return None;
        }
        if tag == Tag::Figure
            || dom.class_contains(node, "caption")
            || is_bbc_placeholder(dom, node)
        {
            return Some(node);
        }
    }
    None
}

fn is_bbc_placeholder(dom: &Dom, node: NodeId) -> bool {
    dom.attr(node, "data-e2e") == Some("image-placeholder")
        || dom.class_contains(node, "ImagePlaceholder")
}

/// BBC puts images in a placeholder inside a figure component (classes
/// `Figure-…` in 2020, bare `<div>`s and `data-e2e` later).
fn in_bbc_figure(content: &Content<'_>, media: NodeId) -> bool {
    let dom = content.dom();
    for n in dom.ancestors(media).take(CONTAINER_CLIMB) {
        if dom.tag(n).is_none_or(is_flow_root) {
            return false;
        }
        if is_bbc_placeholder(dom, n)
            || dom.class_contains(n, "Figure")
            || dom.class_contains(n, "VideoContainer")
        {
            return true;
        }
    }
    false
}

/// The next node after `node` in document order, skipping its subtree,
/// without leaving `within`.
fn next_after_subtree(dom: &Dom, mut node: NodeId, within: NodeId) -> Option<NodeId> {
    loop {
        if node == within {
            return None;
        }
        if let Some(next) = dom.next_sibling(node) {
            return Some(next);
        }
        node = dom.parent(node)?;
    }
}

/// Walk the container after the image, up to the next image, claiming
/// caption and credit markup.
fn scan_container(
    content: &Content<'_>,
    container: NodeId,
    extent: NodeId,
    is_free: &dyn Fn(NodeId) -> bool,
    pairing: &mut Pairing,
) {
    let dom = content.dom();
    let mut cursor = next_after_subtree(dom, extent, container);
    while let Some(node) = cursor {
        if !content.meaningful(node) {
            cursor = next_after_subtree(dom, node, container);
            continue;
        }
        let Some(tag) = dom.tag(node) else {
            cursor = next_after_subtree(dom, node, container);
            continue;
        };
        if is_media(tag) {
            break;
        }
        let claim = if !is_free(node) || content.media(node) > 0 {
            None
        } else if tag == Tag::Figcaption || dom.class_contains(node, "caption") || tag == Tag::Small
        {
            Some(true)
        } else if is_credit(dom, node) {
            Some(false)
        } else {
            None
        };
        match claim {
            Some(true) => {
                pairing.caption.push((node, node));
                credits_inside(content, node, is_free, pairing);
                cursor = next_after_subtree(dom, node, container);
            }
            Some(false) => {
                // Rule "label before": a screen readers' label right
                // before the credit (`<span class="off-screen">图片版权</span>`)
                // is the credit's.
                let label = content
                    .prev_meaningful_sibling(node)
                    .filter(|l| dom.is_screen_reader_label(*l) && is_free(*l));
                pairing.credit.push((label.unwrap_or(node), node));
                cursor = next_after_subtree(dom, node, container);
            }
            None => {
                cursor = dom
                    .first_child(node)
                    .or_else(|| next_after_subtree(dom, node, container));
            }
        }
    }
}

fn is_credit(dom: &Dom, node: NodeId) -> bool {
    dom.class_contains(node, "credit")
        || dom.class_contains(node, "copyright")
        || dom.attr(node, "role") == Some("text")
}

/// The credit parts of a caption (see [`credits_inside`]).
pub(crate) fn caption_credits(
    content: &Content<'_>,
    caption: NodeId,
    is_free: &dyn Fn(NodeId) -> bool,
) -> Vec<(NodeId, NodeId)> {
    let mut pairing = Pairing::default();
    credits_inside(content, caption, is_free, &mut pairing);
    pairing.credit
}

/// Inside a caption: `<cite>`, credit classes, and a child whose text
/// starts with `©` are the credit. A link or a `<pre>` is not a part of
/// its own: its text is read as the caption's, so `<a>©</a>` is a credit
/// only as the whole caption (`split_credit`), as the same text without
/// the link (a writer keeps a caption's white space in a `<pre>`).
fn credits_inside(
    content: &Content<'_>,
    caption: NodeId,
    is_free: &dyn Fn(NodeId) -> bool,
    pairing: &mut Pairing,
) {
    let dom = content.dom();
    let mut stack: Vec<NodeId> = content.meaningful_children(caption).collect();
    while let Some(node) = stack.pop() {
        let Some(tag) = dom.tag(node) else { continue };
        if !is_free(node) || content.media(node) > 0 {
            continue;
        }
        let starts_with_copyright = || {
            dom.first_child(node)
                .and_then(|c| dom.with_text(c, |t| t.trim_start().starts_with('©')))
                .unwrap_or(false)
        };
        if tag == Tag::Cite
            || is_credit(dom, node)
            || (!matches!(tag, Tag::A | Tag::Pre) && starts_with_copyright())
        {
            pairing.credit.push((node, node));
        } else {
            stack.extend(content.meaningful_children(node));
        }
    }
}

/// BBC: climb from the image while its wrappers end with it; the first
/// block that follows inside the figure component is the caption.
fn bbc_caption(
    content: &Content<'_>,
    media: NodeId,
    extent: NodeId,
    is_free: &dyn Fn(NodeId) -> bool,
    pairing: &mut Pairing,
) {
    let dom = content.dom();
    let mut node = extent;
    // Start from the placeholder when there is one: its credit line is not
    // the caption.
    if let Some(placeholder) = dom
        .ancestors(media)
        .take(CONTAINER_CLIMB)
        .find(|p| is_bbc_placeholder(dom, *p))
    {
        node = placeholder;
    }
    // The caption follows the placeholder or its grid item; further up is
    // the next story block.
    for _ in 0..BBC_CAPTION_CLIMB {
        let Some(parent) = dom.parent(node) else {
            return;
        };
        if dom.tag(parent).is_none_or(is_flow_root) {
            return;
        }
        let mut next = content.next_meaningful_sibling(node);
        // A player's `<noscript>` fallback is not the caption.
        while let Some(n) = next.filter(|n| dom.tag(*n) == Some(Tag::Noscript)) {
            next = content.next_meaningful_sibling(n);
        }
        if let Some(next) = next {
            if content.has_text(next) && content.media(next) == 0 && is_free(next) {
                pairing.caption.push((next, next));
            }
            return;
        }
        // The component's own wrapper is as high as a caption can be.
        if dom.class_contains(node, "Figure") {
            return;
        }
        node = parent;
    }
}

/// `<div><img><br><b>title</b>：text</div>`: the rest of a block that
/// starts with the image and holds only inline content. In a `<p>`, only
/// a single styled element after the image counts, so a paragraph that
/// merely starts with an inline image keeps its text.
fn gallery_caption(
    content: &Content<'_>,
    extent: NodeId,
    is_free: &dyn Fn(NodeId) -> bool,
    pairing: &mut Pairing,
) {
    let dom = content.dom();
    let Some(parent) = dom.parent(extent) else {
        return;
    };
    let Some(parent_tag) = dom.tag(parent) else {
        return;
    };
    if !matches!(parent_tag, Tag::Div | Tag::P) {
        return;
    }
    let mut children = content.meaningful_children(parent);
    if children.next() != Some(extent) {
        return;
    }
    let rest: Vec<NodeId> = children.filter(|c| dom.tag(*c) != Some(Tag::Br)).collect();
    if rest.is_empty() {
        return;
    }
    let inline_only = rest
        .iter()
        .all(|&n| content.media(n) == 0 && is_free(n) && dom.tag(n).is_none_or(|t| !is_block(t)));
    if !inline_only {
        return;
    }
    match parent_tag {
        Tag::P => {
            // A styled run after an image is a caption; a bold or plain
            // one (RFA wraps whole paragraphs in spans) is the story.
            if let [only] = rest[..]
                && styled_as_caption(dom, only)
            {
                pairing.caption.push((only, only));
            }
        }
        _ => {
            if let (Some(first), Some(last)) = (rest.first(), rest.last()) {
                pairing.caption.push((*first, *last));
            }
        }
    }
}

/// A `<small>`, or a `<span>` styled small or grey (CDT's credit line),
/// unlike RFA's `<span style="font-weight: 400;">` around whole paragraphs.
fn styled_as_caption(dom: &Dom, node: NodeId) -> bool {
    match dom.tag(node) {
        Some(Tag::Small) => true,
        Some(Tag::Span) => dom
            .attr(node, "style")
            .is_some_and(|style| style.contains("font-size") || style.contains("color")),
        _ => false,
    }
}

/// Whether an empty `<small>` (alone or in empty wrappers) stands between
/// `from` and `to` among the siblings.
fn empty_small_between(content: &Content<'_>, from: NodeId, to: Option<NodeId>) -> bool {
    let dom = content.dom();
    let mut sibling = dom.next_sibling(from);
    while let Some(s) = sibling.filter(|s| Some(*s) != to) {
        let mut n = Some(s);
        for _ in 0..SMALL_DEPTH {
            match n {
                Some(x) if dom.tag(x) == Some(Tag::Small) => return true,
                Some(x) if dom.tag(x).is_some() => n = dom.first_child(x),
                _ => break,
            }
        }
        sibling = dom.next_sibling(s);
    }
    false
}

/// What stands right after an image (see [`after_image`]).
enum After {
    Caption(NodeId),
    Credit(NodeId),
    Nothing,
}

/// Rule "right after": the caption or credit right after the image or the
/// wrappers it ends: a `<small>`, alone or alone in wrappers; a
/// `<figcaption>` after the `</figure>` ("caption after figure"); an
/// element marked as a caption (BBC 2024's `<span
/// data-testid="caption-paragraph">` after the image's wrapper); a credit
/// line (`<picture>…</picture><p role="text">`, "credit after"), and then
/// the caption after that.
fn small_after(
    content: &Content<'_>,
    extent: NodeId,
    is_free: &dyn Fn(NodeId) -> bool,
    pairing: &mut Pairing,
) {
    let mut node = extent;
    let mut credit_taken = false;
    loop {
        let Some(next) = next_after_image(content, node) else {
            return;
        };
        match after_image(content, next, is_free) {
            After::Caption(c) => {
                pairing.caption.push((c, c));
                return;
            }
            After::Credit(c) if !credit_taken => {
                pairing.credit.push((c, c));
                credit_taken = true;
                node = c;
            }
            _ => return,
        }
    }
}

/// The next node with content after `node`, climbing out of the wrappers
/// it ends; `None` past an empty `<small></small>` (the image's empty
/// caption: nothing further on is its caption).
fn next_after_image(content: &Content<'_>, mut node: NodeId) -> Option<NodeId> {
    let dom = content.dom();
    loop {
        let mut next = content.next_meaningful_sibling(node);
        while let Some(n) = next.filter(|n| dom.tag(*n) == Some(Tag::Br)) {
            next = content.next_meaningful_sibling(n);
        }
        if empty_small_between(content, node, next) {
            return None;
        }
        if next.is_some() {
            return next;
        }
        let parent = dom.parent(node)?;
        match dom.tag(parent) {
            Some(
                Tag::A
                | Tag::Picture
                | Tag::Span
                | Tag::Div
                | Tag::P
                | Tag::Center
                | Tag::Noscript
                | Tag::Figure,
            ) => node = parent,
            _ => return None,
        }
    }
}

/// Whether an element says it is a caption: a class with `caption` in it,
/// or a `data-testid` that does.
fn is_marked_caption(dom: &Dom, node: NodeId) -> bool {
    dom.class_contains(node, "caption")
        || dom
            .attr(node, "data-testid")
            .is_some_and(|id| id.contains("caption"))
}

/// What `next`, the node right after an image, is to it.
fn after_image(content: &Content<'_>, next: NodeId, is_free: &dyn Fn(NodeId) -> bool) -> After {
    let dom = content.dom();
    let mut candidate = next;
    for _ in 0..SMALL_DEPTH {
        if !is_free(candidate) || content.media(candidate) > 0 {
            return After::Nothing;
        }
        if is_credit(dom, candidate) {
            return After::Credit(candidate);
        }
        match dom.tag(candidate) {
            Some(Tag::Small) => return After::Caption(candidate),
            Some(Tag::Figcaption) if candidate == next => return After::Caption(candidate),
            Some(_) if candidate == next && is_marked_caption(dom, candidate) => {
                return After::Caption(candidate);
            }
            Some(Tag::Div | Tag::P | Tag::Span | Tag::Center) => {
                match content.only_meaningful_child(candidate) {
                    Some(inner) => candidate = inner,
                    None => return After::Nothing,
                }
            }
            _ => return After::Nothing,
        }
    }
    After::Nothing
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(caption: &str) -> (Option<String>, Option<String>) {
        let mut caption = Some(caption.to_owned());
        let mut credit = None;
        split_credit(&mut caption, &mut credit);
        (caption, credit)
    }

    fn pair_of(caption: &str, credit: &str) -> (Option<String>, Option<String>) {
        (Some(caption.to_owned()), Some(credit.to_owned()))
    }

    /// The first element of a parsed body with the tag, in document order.
    fn first(dom: &Dom, tag: Tag) -> NodeId {
        let mut stack = vec![dom.root()];
        while let Some(n) = stack.pop() {
            if dom.tag(n) == Some(tag) {
                return n;
            }
            let children: Vec<NodeId> = dom.children(n).collect();
            stack.extend(children.into_iter().rev());
        }
        panic!("no {tag:?}")
    }

    #[test]
    fn players_and_objects_are_embeds() {
        assert_eq!(
            media_kind(Tag::Embed),
            Some(Media::Embed(EmbedKind::Object))
        );
        assert_eq!(
            media_kind(Tag::Object),
            Some(Media::Embed(EmbedKind::Object))
        );
        assert_eq!(media_kind(Tag::Img), Some(Media::Image));
        assert_eq!(media_kind(Tag::P), None);
    }

    #[test]
    fn embed_sources() {
        let dom = Dom::parse_body_default(r#"<object data="/o.swf" src="/not-this"></object>"#);
        assert_eq!(embed_source(&dom, first(&dom, Tag::Object)), Some("/o.swf"));
        let dom = Dom::parse_body_default(r#"<video><source src="/v.mp4"></video>"#);
        assert_eq!(embed_source(&dom, first(&dom, Tag::Video)), Some("/v.mp4"));
        let dom =
            Dom::parse_body_default(r#"<video src=" /own.mp4 "><source src="/v.mp4"></video>"#);
        assert_eq!(
            embed_source(&dom, first(&dom, Tag::Video)),
            Some("/own.mp4")
        );
    }

    #[test]
    fn data_urls() {
        assert!(is_data_url("data:image/gif;base64,R0lGOD"));
        assert!(is_data_url("DATA:image/svg+xml,x"));
        assert!(!is_data_url("https://x/data:1.jpg"));
        assert!(!is_data_url("dat"));
    }

    #[test]
    fn image_sources_past_placeholders() {
        // A lazy image: the placeholder in `src`, the address in `srcset`
        // or a `<picture>`'s `<source>`.
        let dom = Dom::parse_body_default(
            r#"<picture><source srcset="data:image/gif;base64,x 1w"><source srcset="/big.jpg 800w, /small.jpg 200w"><img src="data:image/gif;base64,R0lG"></picture>"#,
        );
        assert_eq!(
            image_source(&dom, first(&dom, Tag::Img)),
            (Some("/big.jpg"), false)
        );
        let dom =
            Dom::parse_body_default(r#"<img src="data:image/gif;base64,R0lG" srcset="/a.jpg 2x">"#);
        assert_eq!(
            image_source(&dom, first(&dom, Tag::Img)),
            (Some("/a.jpg"), false)
        );
        // Nothing else names it: the placeholder, said to be one.
        let dom = Dom::parse_body_default(r#"<img src="data:image/gif;base64,R0lG">"#);
        assert_eq!(
            image_source(&dom, first(&dom, Tag::Img)),
            (Some("data:image/gif;base64,R0lG"), true)
        );
        // A `<source>` outside a `<picture>` names nothing of the image.
        let dom = Dom::parse_body_default(r#"<div><source srcset="/x.jpg 1w"><img src=""></div>"#);
        assert_eq!(image_source(&dom, first(&dom, Tag::Img)), (None, false));
    }

    #[test]
    fn styled_runs_read_as_captions() {
        let dom = Dom::parse_body_default(
            r#"<small>s</small><span style="font-size: 12px">a</span><span style="color: #999">b</span><span style="font-weight: 400;">c</span><b>d</b>"#,
        );
        let nodes: Vec<NodeId> = dom.children(dom.root()).collect();
        let got: Vec<bool> = nodes.iter().map(|n| styled_as_caption(&dom, *n)).collect();
        assert_eq!(got, [true, true, true, false, false]);
    }

    #[test]
    fn credits_split_off_by_their_marker() {
        assert_eq!(
            split("MC附近的指示牌 © 常识"),
            pair_of("MC附近的指示牌", "© 常识")
        );
        assert_eq!(split("说明。摄影：张三"), pair_of("说明。", "摄影：张三"));
        assert_eq!(
            split("说明 Credit...Jane Doe for The New York Times"),
            pair_of("说明", "Credit...Jane Doe for The New York Times")
        );
        assert_eq!(
            split("说明（摄影：张三）"),
            pair_of("说明", "（摄影：张三）")
        );
        assert_eq!(
            split("图像来源，Getty Images"),
            (None, Some("图像来源，Getty Images".into()))
        );
        assert_eq!(
            split("©️Kerekes Gábor"),
            (None, Some("©️Kerekes Gábor".into()))
        );
        // A marker inside a word or a sentence is none.
        assert_eq!(
            split("他的摄影：作品展"),
            (Some("他的摄影：作品展".into()), None)
        );
        assert_eq!(
            split("说明（摄影：张三）之后"),
            (Some("说明（摄影：张三）之后".into()), None)
        );
        // A credit the markup gave stays.
        let mut caption = Some("说明 © 甲".to_owned());
        let mut credit = Some("乙".to_owned());
        split_credit(&mut caption, &mut credit);
        assert_eq!(
            (caption.as_deref(), credit.as_deref()),
            (Some("说明 © 甲"), Some("乙"))
        );
    }
}

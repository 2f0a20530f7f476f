//! The crate's only contact with HTML: html5ever parses the body into a
//! compact arena tree, and the rest of the crate reads that tree through
//! the small API below. Nothing here is public outside the crate.
//!
//! The arena stores nodes in a `Vec` and links them by index, so building
//! the tree costs one push per node and no reference counting; tag names are
//! classified once, at creation, into [`Tag`] so the walker compares small
//! enums instead of strings.

use std::borrow::Cow;
use std::cell::RefCell;

use html5ever::buffer_queue::BufferQueue;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{Tokenizer, TokenizerOpts};
use html5ever::tree_builder::{
    ElemName, ElementFlags, NodeOrText, QuirksMode, TreeBuilder, TreeBuilderOpts, TreeSink,
};
use html5ever::{Attribute, LocalName, Namespace, QualName, local_name, ns};
use markup5ever::TokenizerResult;

/// Index of a node in the arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct NodeId(u32);

impl NodeId {
    #[inline]
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
}

/// The element names the body walker cares about; everything else is
/// [`Tag::Other`] and treated as an inline wrapper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tag {
    A,
    Address,
    Article,
    Aside,
    Audio,
    B,
    Blockquote,
    Body,
    Br,
    Caption,
    Center,
    Cite,
    Dd,
    Details,
    Dialog,
    Dir,
    Div,
    Dl,
    Dt,
    Em,
    Embed,
    Fieldset,
    Figcaption,
    Figure,
    Footer,
    Form,
    Heading(u8),
    Header,
    Hgroup,
    Hr,
    Html,
    I,
    Iframe,
    Img,
    Legend,
    Li,
    Main,
    Menu,
    Nav,
    Noembed,
    Noframes,
    Noscript,
    Object,
    Ol,
    P,
    Picture,
    Pre,
    Script,
    Section,
    Small,
    Source,
    Span,
    Strong,
    Style,
    Summary,
    Table,
    Tbody,
    Td,
    Template,
    Tfoot,
    Th,
    Thead,
    Time,
    Tr,
    Ul,
    Video,
    /// A start tag whose name swallowed its first attribute because a space
    /// was missing, as in `<imgsrc="data:…" srcset="…">`: an image in intent.
    GluedImg,
    Other,
}

impl Tag {
    fn classify(local: &LocalName) -> Tag {
        match *local {
            local_name!("a") => Tag::A,
            local_name!("address") => Tag::Address,
            local_name!("article") => Tag::Article,
            local_name!("aside") => Tag::Aside,
            local_name!("audio") => Tag::Audio,
            local_name!("b") => Tag::B,
            local_name!("blockquote") => Tag::Blockquote,
            local_name!("body") => Tag::Body,
            local_name!("br") => Tag::Br,
            local_name!("caption") => Tag::Caption,
            local_name!("center") => Tag::Center,
            local_name!("cite") => Tag::Cite,
            local_name!("dd") => Tag::Dd,
            local_name!("details") => Tag::Details,
            local_name!("dialog") => Tag::Dialog,
            local_name!("dir") => Tag::Dir,
            local_name!("div") => Tag::Div,
            local_name!("dl") => Tag::Dl,
            local_name!("dt") => Tag::Dt,
            local_name!("em") => Tag::Em,
            local_name!("embed") => Tag::Embed,
            local_name!("fieldset") => Tag::Fieldset,
            local_name!("figcaption") => Tag::Figcaption,
            local_name!("figure") => Tag::Figure,
            local_name!("footer") => Tag::Footer,
            local_name!("form") => Tag::Form,
            local_name!("h1") => Tag::Heading(1),
            local_name!("h2") => Tag::Heading(2),
            local_name!("h3") => Tag::Heading(3),
            local_name!("h4") => Tag::Heading(4),
            local_name!("h5") => Tag::Heading(5),
            local_name!("h6") => Tag::Heading(6),
            local_name!("header") => Tag::Header,
            local_name!("hgroup") => Tag::Hgroup,
            local_name!("hr") => Tag::Hr,
            local_name!("html") => Tag::Html,
            local_name!("i") => Tag::I,
            local_name!("iframe") => Tag::Iframe,
            local_name!("img") | local_name!("image") => Tag::Img,
            local_name!("legend") => Tag::Legend,
            local_name!("li") => Tag::Li,
            local_name!("main") => Tag::Main,
            local_name!("menu") => Tag::Menu,
            local_name!("nav") => Tag::Nav,
            local_name!("noembed") => Tag::Noembed,
            local_name!("noframes") => Tag::Noframes,
            local_name!("noscript") => Tag::Noscript,
            local_name!("object") => Tag::Object,
            local_name!("ol") => Tag::Ol,
            local_name!("p") => Tag::P,
            local_name!("picture") => Tag::Picture,
            local_name!("pre") | local_name!("listing") | local_name!("xmp") => Tag::Pre,
            local_name!("script") => Tag::Script,
            local_name!("section") => Tag::Section,
            local_name!("small") => Tag::Small,
            local_name!("source") => Tag::Source,
            local_name!("span") => Tag::Span,
            local_name!("strong") => Tag::Strong,
            local_name!("style") => Tag::Style,
            local_name!("summary") => Tag::Summary,
            local_name!("table") => Tag::Table,
            local_name!("tbody") => Tag::Tbody,
            local_name!("td") => Tag::Td,
            local_name!("template") => Tag::Template,
            local_name!("tfoot") => Tag::Tfoot,
            local_name!("th") => Tag::Th,
            local_name!("thead") => Tag::Thead,
            local_name!("time") => Tag::Time,
            local_name!("tr") => Tag::Tr,
            local_name!("ul") => Tag::Ul,
            local_name!("video") => Tag::Video,
            _ => {
                let name: &str = local;
                if name.len() > 3 && name.starts_with("img") && name.contains('=') {
                    Tag::GluedImg
                } else {
                    Tag::Other
                }
            }
        }
    }
}

pub(crate) enum NodeKind {
    Document,
    Element(Element),
    Text(StrTendril),
    /// Comments, doctypes and processing instructions: kept as nodes so the
    /// tree builder's sibling bookkeeping stays simple, ignored by readers.
    Other,
}

pub(crate) struct Element {
    name: QualName,
    tag: Tag,
    attrs: Vec<Attribute>,
}

struct Node {
    parent: Option<NodeId>,
    first_child: Option<NodeId>,
    last_child: Option<NodeId>,
    prev_sibling: Option<NodeId>,
    next_sibling: Option<NodeId>,
    kind: NodeKind,
}

impl Node {
    fn new(kind: NodeKind) -> Node {
        Node {
            parent: None,
            first_child: None,
            last_child: None,
            prev_sibling: None,
            next_sibling: None,
            kind,
        }
    }
}

/// A parsed body: an arena of nodes and the root under which the body's
/// content hangs.
pub(crate) struct Dom {
    nodes: Vec<Node>,
    root: NodeId,
}

impl Dom {
    /// Parse `body` as the content of a `<body>` element (the HTML fragment
    /// parsing algorithm with `body` as context), as a browser would for
    /// `body.innerHTML = …`.
    pub(crate) fn parse_body(body: &str) -> Dom {
        let sink = Sink {
            arena: RefCell::new(Arena::new()),
        };
        let context = sink.create_element(
            QualName::new(None, ns!(html), local_name!("body")),
            Vec::new(),
            ElementFlags::default(),
        );
        let tree_builder = TreeBuilder::new_for_fragment(
            sink,
            context,
            None,
            TreeBuilderOpts {
                // With scripting off, `<noscript>` content is parsed as
                // markup: lazy-loading twins hide their real `<img>` there.
                scripting_enabled: false,
                ..TreeBuilderOpts::default()
            },
        );
        let tokenizer = Tokenizer::new(
            tree_builder,
            TokenizerOpts {
                // A U+FEFF inside the body is text like any other.
                discard_bom: false,
                initial_state: None,
                ..TokenizerOpts::default()
            },
        );
        let queue = BufferQueue::default();
        queue.push_back(StrTendril::from_slice(body));
        // `<script>` results only pause the tokenizer; nothing is executed.
        while !matches!(tokenizer.feed(&queue), TokenizerResult::Done) {}
        tokenizer.end();
        let arena = tokenizer.sink.sink.arena.into_inner();
        arena.into_dom()
    }

    /// The element whose children are the body's top-level nodes.
    pub(crate) fn root(&self) -> NodeId {
        self.root
    }

    /// Number of nodes, for per-node side tables.
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    #[inline]
    #[allow(clippy::indexing_slicing)] // `NodeId`s are minted by this arena only
    fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    pub(crate) fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).parent
    }

    pub(crate) fn first_child(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).first_child
    }

    pub(crate) fn last_child(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).last_child
    }

    pub(crate) fn next_sibling(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).next_sibling
    }

    pub(crate) fn prev_sibling(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).prev_sibling
    }

    /// The children of `id`, first to last.
    pub(crate) fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            dom: self,
            next: self.first_child(id),
        }
    }

    /// The element's tag, or `None` for text and other nodes.
    #[inline]
    pub(crate) fn tag(&self, id: NodeId) -> Option<Tag> {
        match &self.node(id).kind {
            NodeKind::Element(e) => Some(e.tag),
            _ => None,
        }
    }

    /// The text of a text node.
    #[inline]
    pub(crate) fn text(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).kind {
            NodeKind::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The element's local name as written (lower-cased by the tokenizer).
    pub(crate) fn local_name(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).kind {
            NodeKind::Element(e) => Some(&e.name.local),
            _ => None,
        }
    }

    /// The value of attribute `name` (lower-case, no namespace).
    pub(crate) fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        match &self.node(id).kind {
            NodeKind::Element(e) => e
                .attrs
                .iter()
                .find(|a| a.name.ns == ns!() && &*a.name.local == name)
                .map(|a| &*a.value),
            _ => None,
        }
    }

    /// Whether any token of the `class` attribute contains `needle`
    /// (ASCII case-insensitively).
    pub(crate) fn class_contains(&self, id: NodeId, needle: &str) -> bool {
        self.attr(id, "class").is_some_and(|class| {
            class
                .split_ascii_whitespace()
                .any(|token| contains_ignore_ascii_case(token, needle))
        })
    }
}

fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

pub(crate) struct Children<'a> {
    dom: &'a Dom,
    next: Option<NodeId>,
}

impl Iterator for Children<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        let id = self.next?;
        self.next = self.dom.next_sibling(id);
        Some(id)
    }
}

/// The mutable arena behind the tree sink.
struct Arena {
    nodes: Vec<Node>,
}

const DOCUMENT: NodeId = NodeId(0);

impl Arena {
    fn new() -> Arena {
        let mut nodes = Vec::with_capacity(256);
        nodes.push(Node::new(NodeKind::Document));
        Arena { nodes }
    }

    fn push(&mut self, kind: NodeKind) -> NodeId {
        // More than four billion nodes cannot come from input that fits the
        // length limits of `&str` on any platform we support; saturate
        // rather than wrap if it ever did.
        let id = NodeId(u32::try_from(self.nodes.len()).unwrap_or(u32::MAX));
        self.nodes.push(Node::new(kind));
        id
    }

    #[inline]
    fn get(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.index())
    }

    #[inline]
    fn get_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        self.nodes.get_mut(id.index())
    }

    fn detach(&mut self, id: NodeId) {
        let Some(node) = self.get(id) else { return };
        let (parent, prev, next) = (node.parent, node.prev_sibling, node.next_sibling);
        if let Some(prev) = prev.and_then(|p| self.get_mut(p)) {
            prev.next_sibling = next;
        } else if let Some(parent) = parent.and_then(|p| self.get_mut(p)) {
            parent.first_child = next;
        }
        if let Some(next) = next.and_then(|n| self.get_mut(n)) {
            next.prev_sibling = prev;
        } else if let Some(parent) = parent.and_then(|p| self.get_mut(p)) {
            parent.last_child = prev;
        }
        if let Some(node) = self.get_mut(id) {
            node.parent = None;
            node.prev_sibling = None;
            node.next_sibling = None;
        }
    }

    fn append_node(&mut self, parent: NodeId, child: NodeId) {
        self.detach(child);
        let last = self.get(parent).and_then(|p| p.last_child);
        if let Some(c) = self.get_mut(child) {
            c.parent = Some(parent);
            c.prev_sibling = last;
        }
        match last.and_then(|l| self.get_mut(l)) {
            Some(l) => l.next_sibling = Some(child),
            None => {
                if let Some(p) = self.get_mut(parent) {
                    p.first_child = Some(child);
                }
            }
        }
        if let Some(p) = self.get_mut(parent) {
            p.last_child = Some(child);
        }
    }

    fn insert_before(&mut self, sibling: NodeId, child: NodeId) {
        self.detach(child);
        let Some(s) = self.get(sibling) else { return };
        let (parent, prev) = (s.parent, s.prev_sibling);
        if let Some(c) = self.get_mut(child) {
            c.parent = parent;
            c.prev_sibling = prev;
            c.next_sibling = Some(sibling);
        }
        if let Some(s) = self.get_mut(sibling) {
            s.prev_sibling = Some(child);
        }
        match prev.and_then(|p| self.get_mut(p)) {
            Some(p) => p.next_sibling = Some(child),
            None => {
                if let Some(p) = parent.and_then(|p| self.get_mut(p)) {
                    p.first_child = Some(child);
                }
            }
        }
    }

    /// Append text to the node if it is a text node; report whether it was.
    fn merge_text(&mut self, id: Option<NodeId>, text: &StrTendril) -> bool {
        match id.and_then(|id| self.get_mut(id)) {
            Some(Node {
                kind: NodeKind::Text(t),
                ..
            }) => {
                t.push_tendril(text);
                true
            }
            _ => false,
        }
    }

    fn into_dom(self) -> Dom {
        // The fragment algorithm puts the content under an `<html>` element,
        // the document's only child.
        let root = self
            .get(DOCUMENT)
            .and_then(|d| d.first_child)
            .unwrap_or(DOCUMENT);
        Dom {
            nodes: self.nodes,
            root,
        }
    }
}

struct Sink {
    arena: RefCell<Arena>,
}

/// An element name handed to the tree builder. The arena sits behind a
/// `RefCell`, so names are returned by value; their atoms are interned, so
/// the copy is two word-sized clones.
#[derive(Debug)]
struct OwnedName {
    ns: Namespace,
    local: LocalName,
}

impl ElemName for OwnedName {
    fn ns(&self) -> &Namespace {
        &self.ns
    }

    fn local_name(&self) -> &LocalName {
        &self.local
    }
}

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Self;
    type ElemName<'a> = OwnedName;

    fn finish(self) -> Self {
        self
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        DOCUMENT
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> OwnedName {
        match self.arena.borrow().get(*target).map(|n| &n.kind) {
            Some(NodeKind::Element(e)) => OwnedName {
                ns: e.name.ns.clone(),
                local: e.name.local.clone(),
            },
            // The tree builder only asks for names of elements.
            _ => OwnedName {
                ns: ns!(),
                local: local_name!(""),
            },
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> NodeId {
        let tag = Tag::classify(&name.local);
        self.arena
            .borrow_mut()
            .push(NodeKind::Element(Element { name, tag, attrs }))
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        self.arena.borrow_mut().push(NodeKind::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.arena.borrow_mut().push(NodeKind::Other)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let mut arena = self.arena.borrow_mut();
        match child {
            NodeOrText::AppendNode(node) => arena.append_node(*parent, node),
            NodeOrText::AppendText(text) => {
                let last = arena.get(*parent).and_then(|p| p.last_child);
                if !arena.merge_text(last, &text) {
                    let node = arena.push(NodeKind::Text(text));
                    arena.append_node(*parent, node);
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let has_parent = self
            .arena
            .borrow()
            .get(*element)
            .is_some_and(|e| e.parent.is_some());
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, _target: &NodeId) -> NodeId {
        // Template contents are inert, not rendered: they get a detached
        // fragment of their own that the walker never visits.
        self.arena.borrow_mut().push(NodeKind::Document)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let mut arena = self.arena.borrow_mut();
        match new_node {
            NodeOrText::AppendNode(node) => arena.insert_before(*sibling, node),
            NodeOrText::AppendText(text) => {
                let prev = arena.get(*sibling).and_then(|s| s.prev_sibling);
                if !arena.merge_text(prev, &text) {
                    let node = arena.push(NodeKind::Text(text));
                    arena.insert_before(*sibling, node);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        let mut arena = self.arena.borrow_mut();
        if let Some(Node {
            kind: NodeKind::Element(e),
            ..
        }) = arena.get_mut(*target)
        {
            for attr in attrs {
                if !e.attrs.iter().any(|a| a.name == attr.name) {
                    e.attrs.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.arena.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let mut arena = self.arena.borrow_mut();
        while let Some(child) = arena.get(*node).and_then(|n| n.first_child) {
            arena.append_node(*new_parent, child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(dom: &Dom) -> String {
        // Explicit stack: the same discipline the crate keeps everywhere.
        let mut out = String::new();
        let mut stack = vec![(dom.root(), false)];
        while let Some((id, exiting)) = stack.pop() {
            if exiting {
                out.push(')');
                continue;
            }
            match (dom.tag(id), dom.text(id)) {
                (_, Some(t)) => out.push_str(t),
                (Some(_), _) => {
                    out.push_str(dom.local_name(id).unwrap_or("?"));
                    out.push('(');
                    stack.push((id, true));
                    let kids: Vec<_> = dom.children(id).collect();
                    stack.extend(kids.into_iter().rev().map(|k| (k, false)));
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn builds_fragment_under_html_root() {
        let dom = Dom::parse_body("<p>a<b>b</b></p>c");
        assert_eq!(outline(&dom), "html(p(ab(b))c)");
    }

    #[test]
    fn adoption_agency_moves_nodes() {
        let dom = Dom::parse_body("<b>1<p>2</b>3</p>");
        assert_eq!(outline(&dom), "html(b(1)p(b(2)3))");
    }

    #[test]
    fn foster_parenting_inserts_before_table() {
        let dom = Dom::parse_body("<table>x<tr><td>y</td></tr></table>");
        assert_eq!(outline(&dom), "html(xtable(tbody(tr(td(y)))))");
    }

    #[test]
    fn noscript_content_is_markup() {
        let dom = Dom::parse_body("<noscript><img src=a></noscript>");
        assert_eq!(outline(&dom), "html(noscript(img()))");
    }

    #[test]
    fn glued_attribute_is_recognised_as_image() {
        let dom = Dom::parse_body(r#"<imgsrc="data:x" alt="a" srcset="b.jpg">"#);
        let img = dom.first_child(dom.root()).map(|n| dom.tag(n));
        assert_eq!(img, Some(Some(Tag::GluedImg)));
    }

    #[test]
    fn attributes_and_classes() {
        let dom = Dom::parse_body(r#"<div class="wp-caption alignnone" srcSet="x"></div>"#);
        let div = dom.first_child(dom.root()).unwrap();
        assert_eq!(dom.attr(div, "srcset"), Some("x"));
        assert!(dom.class_contains(div, "WP-CAPTION"));
        assert!(!dom.class_contains(div, "figure"));
    }
}

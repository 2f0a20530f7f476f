//! The arena tree and the `TreeSink` that lets html5ever's tree builder
//! fill it.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, LocalName, Namespace, QualName, local_name, ns};

use super::keep::reduce;
use super::{Attr, Dom, Element, ElementNs, Link, Node, NodeId, NodeKind, Tag};

/// The arena under construction: what becomes a [`Dom`].
pub(super) struct Arena {
    nodes: Vec<Node>,
    elements: Vec<Element>,
    attrs: Vec<Attr>,
    texts: Vec<StrTendril>,
    /// MathML `<annotation-xml>` elements whose `encoding` makes them HTML
    /// integration points: the tree builder asks, and reads their content
    /// as HTML. Rare, so a set beside the elements rather than a field in
    /// each.
    integration_points: HashSet<NodeId>,
}

pub(super) const DOCUMENT: NodeId = NodeId(0);

/// A node id for the next entry of a table. More than four billion nodes
/// cannot come from a `&str`'s worth of input; saturate rather than wrap
/// if one ever did.
fn next_id(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX - 1)
}

impl Arena {
    /// An arena sized for `body`. Every node but the first starts at or
    /// after a `<`, and every element but the implied ones at a `<` not
    /// followed by `/`: counting those bytes (a count, not a parse) sizes
    /// the tables closely for real articles, so they rarely grow (each
    /// growth would double them).
    pub(super) fn with_capacity_for(body: &str) -> Arena {
        let bytes = body.as_bytes();
        // A `<` opens a tag only before a letter (`<a<b<c>` is one
        // element), and an end tag before `/`.
        let (mut opens, mut closes) = (0, 0);
        for at in memchr::memchr_iter(b'<', bytes) {
            match bytes.get(at + 1) {
                Some(b'/') => closes += 1,
                Some(c) if c.is_ascii_alphabetic() => opens += 1,
                _ => {}
            }
        }
        let opens_all = opens + closes;
        // Past the nesting limit no node is made: never more than one node
        // per four bytes ahead of need.
        let most = bytes.len() / 4;
        let cap = |n: usize| n.min(most).min(1 << 24) + 8;
        let mut arena = Arena {
            nodes: Vec::with_capacity(cap(opens_all)),
            // Implied elements (`<tbody>`, reconstructed formatting) come on
            // top of the written ones: a little room for them.
            elements: Vec::with_capacity(cap(opens + opens / 16)),
            // Grown as needed and trimmed when the tree is done.
            attrs: Vec::new(),
            texts: Vec::with_capacity(cap(opens_all / 3)),
            integration_points: HashSet::new(),
        };
        arena.nodes.push(Node::new(NodeKind::Document));
        arena
    }

    pub(super) fn push(&mut self, kind: NodeKind) -> NodeId {
        let id = NodeId(next_id(self.nodes.len()));
        self.nodes.push(Node::new(kind));
        id
    }

    pub(super) fn push_element(&mut self, name: QualName, attrs: Vec<Attribute>) -> NodeId {
        let first_attr = next_id(self.attrs.len());
        let mut attr_count = 0;
        for a in attrs {
            if super::kept_attribute(&a.name.local) && attr_count < u16::MAX {
                self.attrs
                    .push(Attr::new(&a.name, reduce(&a.name.local, a.value)));
                attr_count += 1;
            }
        }
        let tag = Tag::classify(&name);
        let index = next_id(self.elements.len());
        self.elements.push(Element {
            ns: ElementNs::of(&name.ns),
            local: name.local,
            tag,
            first_attr,
            attr_count,
        });
        self.push(NodeKind::Element(index))
    }

    pub(super) fn push_text(&mut self, text: StrTendril) -> NodeId {
        let index = next_id(self.texts.len());
        self.texts.push(text);
        self.push(NodeKind::Text(index))
    }

    #[inline]
    fn get(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.index())
    }

    #[inline]
    fn get_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        self.nodes.get_mut(id.index())
    }

    /// Elements created so far, the context element included.
    pub(super) fn element_count(&self) -> usize {
        self.elements.len()
    }

    /// Attributes the elements created so far hold.
    pub(super) fn attribute_count(&self) -> usize {
        self.attrs.len()
    }

    /// An element's namespace and local name, for the token filter.
    pub(super) fn element_name(&self, id: NodeId) -> Option<(ElementNs, &LocalName)> {
        self.element(id).map(|e| (e.ns, &e.local))
    }

    /// Whether the element is a MathML `<annotation-xml>` whose `encoding`
    /// makes its content HTML.
    pub(super) fn is_integration_point(&self, id: NodeId) -> bool {
        self.integration_points.contains(&id)
    }

    fn element(&self, id: NodeId) -> Option<&Element> {
        match self.get(id)?.kind {
            NodeKind::Element(i) => self.elements.get(i as usize),
            _ => None,
        }
    }

    fn element_mut(&mut self, id: NodeId) -> Option<&mut Element> {
        match self.get(id)?.kind {
            NodeKind::Element(i) => self.elements.get_mut(i as usize),
            _ => None,
        }
    }

    fn detach(&mut self, id: NodeId) {
        let Some(node) = self.get(id) else { return };
        let (parent, prev, next) = (
            node.parent.get(),
            node.prev_sibling.get(),
            node.next_sibling.get(),
        );
        if let Some(prev) = prev.and_then(|p| self.get_mut(p)) {
            prev.next_sibling = next.into();
        } else if let Some(parent) = parent.and_then(|p| self.get_mut(p)) {
            parent.first_child = next.into();
        }
        if let Some(next) = next.and_then(|n| self.get_mut(n)) {
            next.prev_sibling = prev.into();
        } else if let Some(parent) = parent.and_then(|p| self.get_mut(p)) {
            parent.last_child = prev.into();
        }
        if let Some(node) = self.get_mut(id) {
            node.parent = Link::NONE;
            node.prev_sibling = Link::NONE;
            node.next_sibling = Link::NONE;
        }
    }

    pub(super) fn append_node(&mut self, parent: NodeId, child: NodeId) {
        self.detach(child);
        let last = self.get(parent).and_then(|p| p.last_child.get());
        if let Some(c) = self.get_mut(child) {
            c.parent = Some(parent).into();
            c.prev_sibling = last.into();
        }
        match last.and_then(|l| self.get_mut(l)) {
            Some(l) => l.next_sibling = Some(child).into(),
            None => {
                if let Some(p) = self.get_mut(parent) {
                    p.first_child = Some(child).into();
                }
            }
        }
        if let Some(p) = self.get_mut(parent) {
            p.last_child = Some(child).into();
        }
    }

    fn insert_before(&mut self, sibling: NodeId, child: NodeId) {
        self.detach(child);
        let Some(s) = self.get(sibling) else { return };
        let (parent, prev) = (s.parent.get(), s.prev_sibling.get());
        if let Some(c) = self.get_mut(child) {
            c.parent = parent.into();
            c.prev_sibling = prev.into();
            c.next_sibling = Some(sibling).into();
        }
        if let Some(s) = self.get_mut(sibling) {
            s.prev_sibling = Some(child).into();
        }
        match prev.and_then(|p| self.get_mut(p)) {
            Some(p) => p.next_sibling = Some(child).into(),
            None => {
                if let Some(p) = parent.and_then(|p| self.get_mut(p)) {
                    p.first_child = Some(child).into();
                }
            }
        }
    }

    /// A second `<body>` or `<html>` start tag adds the attributes the
    /// element lacks. The element's run of the attribute table is copied
    /// to its end with the new ones after it: a run holds at most one
    /// attribute per kept name, so each merge costs a bounded amount.
    fn add_attrs_if_missing(&mut self, target: NodeId, attrs: Vec<Attribute>) {
        let Some(e) = self.element(target) else {
            return;
        };
        let (first, count) = (e.first_attr as usize, usize::from(e.attr_count));
        let Some(old) = self.attrs.get(first..first + count) else {
            return;
        };
        let mut added: Vec<Attr> = Vec::new();
        for a in attrs {
            let attr = Attr::new(&a.name, reduce(&a.name.local, a.value));
            if super::kept_attribute(&a.name.local)
                && !old.iter().chain(&added).any(|o| o.name == attr.name)
            {
                added.push(attr);
            }
        }
        if added.is_empty() {
            return;
        }
        let old: Vec<Attr> = old.to_vec();
        let first_attr = next_id(self.attrs.len());
        let attr_count = u16::try_from(old.len() + added.len()).unwrap_or(u16::MAX);
        self.attrs
            .extend(old.into_iter().chain(added).take(usize::from(attr_count)));
        if let Some(e) = self.element_mut(target) {
            e.first_attr = first_attr;
            e.attr_count = attr_count;
        }
    }

    /// Append text to the node if it is a text node; report whether it was.
    fn merge_text(&mut self, id: Option<NodeId>, text: &StrTendril) -> bool {
        let Some(NodeKind::Text(i)) = id.and_then(|id| self.get(id)).map(|n| n.kind) else {
            return false;
        };
        match self.texts.get_mut(i as usize) {
            Some(t) => {
                t.push_tendril(text);
                true
            }
            None => false,
        }
    }

    pub(super) fn into_dom(mut self) -> Dom {
        // Grown by doubling: give back what the last doubling left unused.
        self.attrs.shrink_to_fit();
        // Sized from a count of `<` before the parse, which runs ahead of
        // the nodes made (end tags, tags past the nesting limit): the walk
        // that follows holds the tree and the article at once, so the
        // tables give back what the tree did not use while the article is
        // still empty.
        self.nodes.shrink_to_fit();
        self.elements.shrink_to_fit();
        self.texts.shrink_to_fit();
        // The fragment algorithm puts the content under an `<html>` element,
        // the document's only child.
        let root = self
            .get(DOCUMENT)
            .and_then(|d| d.first_child.get())
            .unwrap_or(DOCUMENT);
        Dom {
            nodes: self.nodes,
            elements: self.elements,
            attrs: self.attrs,
            texts: RefCell::new(self.texts),
            root,
        }
    }
}

pub(super) struct Sink {
    pub(super) arena: RefCell<Arena>,
}

/// An element name handed to the tree builder. The arena sits behind a
/// `RefCell`, so names are returned by value; their atoms are interned, so
/// the copy is two word-sized clones.
#[derive(Debug)]
pub(super) struct OwnedName {
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
        match self.arena.borrow().element(*target) {
            Some(e) => OwnedName {
                ns: e.ns.namespace(),
                local: e.local.clone(),
            },
            // The tree builder only asks for names of elements.
            None => OwnedName {
                ns: ns!(),
                local: local_name!(""),
            },
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let mut arena = self.arena.borrow_mut();
        let id = arena.push_element(name, attrs);
        if flags.mathml_annotation_xml_integration_point {
            arena.integration_points.insert(id);
        }
        id
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.arena.borrow().integration_points.contains(handle)
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
                let last = arena.get(*parent).and_then(|p| p.last_child.get());
                if !arena.merge_text(last, &text) {
                    let node = arena.push_text(text);
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
            .is_some_and(|e| e.parent.get().is_some());
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
                let prev = arena.get(*sibling).and_then(|s| s.prev_sibling.get());
                if !arena.merge_text(prev, &text) {
                    let node = arena.push_text(text);
                    arena.insert_before(*sibling, node);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.arena.borrow_mut().add_attrs_if_missing(*target, attrs);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.arena.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let mut arena = self.arena.borrow_mut();
        while let Some(child) = arena.get(*node).and_then(|n| n.first_child.get()) {
            arena.append_node(*new_parent, child);
        }
    }
}

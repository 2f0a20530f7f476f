//! The arena tree and the `TreeSink` that lets html5ever's tree builder
//! fill it.

use std::borrow::Cow;
use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, LocalName, Namespace, QualName, local_name, ns};

use super::{Dom, Element, Node, NodeId, NodeKind, Tag};

/// The mutable arena behind the tree sink.
pub(super) struct Arena {
    nodes: Vec<Node>,
}

const DOCUMENT: NodeId = NodeId(0);

impl Arena {
    pub(super) fn new() -> Arena {
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

    pub(super) fn into_dom(self) -> Dom {
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

//! The crate's only contact with HTML: html5ever parses the body into a
//! compact arena tree, and the rest of the crate reads that tree through
//! the small API below. Nothing here is public outside the crate.
//!
//! The arena stores nodes in a `Vec` and links them by index, so building
//! the tree costs one push per node and no reference counting; tag names are
//! classified once, at creation, into [`Tag`] so the walker compares small
//! enums instead of strings.

mod keep;
mod shadow;
mod sink;
mod srcset;
mod tag;
mod tokens;

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{LocalName, Namespace, QualName, local_name, ns};

use keep::{CLASS_WORDS, builder_attribute, kept_attribute};
use sink::{Arena, Sink};
pub(crate) use srcset::largest_srcset_candidate;
pub(crate) use tag::{Tag, is_block, is_cell, is_flow_root, is_media, is_non_text};
pub(crate) use tokens::{Limits, Stats};

/// Index of a node in the arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct NodeId(u32);

impl NodeId {
    #[inline]
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a node is. Element and text data live in side tables, so a node
/// is 28 bytes: a long body makes hundreds of thousands of them.
#[derive(Clone, Copy)]
pub(crate) enum NodeKind {
    Document,
    /// Index into [`Dom::elements`].
    Element(u32),
    /// Index into [`Dom::texts`].
    Text(u32),
    /// Comments, doctypes and processing instructions: kept as nodes so the
    /// tree builder's sibling bookkeeping stays simple, ignored by readers.
    Other,
}

/// An element's data. Sixteen bytes: the attributes live in one table
/// for the whole tree ([`Dom::attrs`]), not in a box per element.
pub(crate) struct Element {
    local: LocalName,
    /// The element's attributes are `attrs[first_attr..][..attr_count]`.
    first_attr: u32,
    /// At most the number of [kept](kept_attribute) names: duplicates are
    /// dropped as the tokens stream in.
    attr_count: u16,
    tag: Tag,
    ns: ElementNs,
}

/// An attribute as the tree keeps it.
#[derive(Clone)]
pub(crate) struct Attr {
    /// The name as written: `href`, or `xlink:href` for one in a namespace.
    name: LocalName,
    value: StrTendril,
}

impl Attr {
    fn new(name: &QualName, value: StrTendril) -> Attr {
        Attr {
            name: attribute_name(name),
            value,
        }
    }
}

/// An attribute's name as the tree keeps it: the local name, prefixed
/// (`xlink:href`) when the attribute is in a namespace, so the two never
/// answer for each other.
fn attribute_name(name: &QualName) -> LocalName {
    match &name.prefix {
        Some(prefix) if name.ns != ns!() => {
            LocalName::from(format!("{}:{}", &**prefix, &*name.local))
        }
        _ => name.local.clone(),
    }
}

/// The namespaces html5ever puts elements in, in a byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ElementNs {
    Html,
    Svg,
    MathMl,
}

impl ElementNs {
    fn of(ns: &Namespace) -> ElementNs {
        if *ns == ns!(svg) {
            ElementNs::Svg
        } else if *ns == ns!(mathml) {
            ElementNs::MathMl
        } else {
            ElementNs::Html
        }
    }

    fn namespace(self) -> Namespace {
        match self {
            ElementNs::Html => ns!(html),
            ElementNs::Svg => ns!(svg),
            ElementNs::MathMl => ns!(mathml),
        }
    }
}

/// A link to another node, or none (`u32::MAX`): half the size of an
/// `Option<NodeId>`.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Link(u32);

impl Link {
    const NONE: Link = Link(u32::MAX);

    #[inline]
    fn get(self) -> Option<NodeId> {
        (self.0 != u32::MAX).then_some(NodeId(self.0))
    }
}

impl From<Option<NodeId>> for Link {
    #[inline]
    fn from(id: Option<NodeId>) -> Link {
        id.map_or(Link::NONE, |id| Link(id.0))
    }
}

struct Node {
    parent: Link,
    first_child: Link,
    last_child: Link,
    prev_sibling: Link,
    next_sibling: Link,
    kind: NodeKind,
}

impl Node {
    fn new(kind: NodeKind) -> Node {
        Node {
            parent: Link::NONE,
            first_child: Link::NONE,
            last_child: Link::NONE,
            prev_sibling: Link::NONE,
            next_sibling: Link::NONE,
            kind,
        }
    }
}

/// A parsed body: an arena of nodes, their element and text data, and the
/// root under which the body's content hangs.
pub(crate) struct Dom {
    nodes: Vec<Node>,
    elements: Vec<Element>,
    attrs: Vec<Attr>,
    /// The text nodes' text. The body walk takes each out as it reads it
    /// (nothing reads a text node twice after the walk has passed it), so
    /// a long body's text is never held twice: once in the tree, once in
    /// the article.
    texts: RefCell<Vec<StrTendril>>,
    root: NodeId,
}

impl Dom {
    /// Parse `body` as the content of a `<body>` element (the HTML fragment
    /// parsing algorithm with `body` as context), as a browser would for
    /// `body.innerHTML = …`, within `limits`.
    pub(crate) fn parse_body(body: &str, limits: Limits) -> (Dom, Stats) {
        let sink = Sink {
            arena: RefCell::new(Arena::with_capacity_for(body)),
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
        let stats = tokens::tokenize(body, &tree_builder, limits);
        let arena = tree_builder.sink.arena.into_inner();
        (arena.into_dom(), stats)
    }

    /// The reference tree: html5ever's own tokenizer and tree builder
    /// building `markup5ever_rcdom`, copied node by node into an arena.
    #[cfg(test)]
    pub(crate) fn parse_body_reference(body: &str) -> Dom {
        use markup5ever_rcdom::{Handle, NodeData};

        let rcdom = reference_rcdom(body);
        let mut arena = Arena::with_capacity_for(body);
        // (reference node, parent in the arena); explicit stack.
        let mut stack: Vec<(Handle, NodeId)> = rcdom
            .document
            .children
            .borrow()
            .iter()
            .rev()
            .map(|c| (c.clone(), sink::DOCUMENT))
            .collect();
        while let Some((node, parent)) = stack.pop() {
            let id = match &node.data {
                NodeData::Element { name, attrs, .. } => {
                    arena.push_element(name.clone(), attrs.borrow().clone())
                }
                NodeData::Text { contents } => arena.push_text(contents.borrow().clone()),
                _ => arena.push(NodeKind::Other),
            };
            arena.append_node(parent, id);
            stack.extend(node.children.borrow().iter().rev().map(|c| (c.clone(), id)));
        }
        arena.into_dom()
    }

    #[cfg(test)]
    pub(crate) fn parse_body_default(body: &str) -> Dom {
        Dom::parse_body(body, Limits::default()).0
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

    #[inline]
    fn element(&self, id: NodeId) -> Option<&Element> {
        match self.node(id).kind {
            NodeKind::Element(i) => self.elements.get(i as usize),
            _ => None,
        }
    }

    pub(crate) fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).parent.get()
    }

    pub(crate) fn first_child(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).first_child.get()
    }

    pub(crate) fn last_child(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).last_child.get()
    }

    pub(crate) fn next_sibling(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).next_sibling.get()
    }

    pub(crate) fn prev_sibling(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).prev_sibling.get()
    }

    /// The ancestors of `id`, nearest first: a bounded climb is
    /// `dom.ancestors(id).take(BOUND)`.
    pub(crate) fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.parent(id), |n| self.parent(*n))
    }

    /// Whether `node` is `ancestor` or inside it (a walk up the tree, whose
    /// depth the nesting limit bounds).
    pub(crate) fn is_within(&self, node: NodeId, ancestor: NodeId) -> bool {
        node == ancestor || self.ancestors(node).any(|n| n == ancestor)
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
        self.element(id).map(|e| e.tag)
    }

    /// Call `f` with the text of a text node.
    #[inline]
    pub(crate) fn with_text<R>(&self, id: NodeId, f: impl FnOnce(&str) -> R) -> Option<R> {
        match self.node(id).kind {
            NodeKind::Text(i) => self.texts.borrow().get(i as usize).map(|t| f(t)),
            _ => None,
        }
    }

    /// Take the text of a text node out of the tree, for good.
    pub(crate) fn take_text(&self, id: NodeId) -> Option<StrTendril> {
        match self.node(id).kind {
            NodeKind::Text(i) => self
                .texts
                .borrow_mut()
                .get_mut(i as usize)
                .map(std::mem::take),
            _ => None,
        }
    }

    /// The element's local name as written (lower-cased by the tokenizer).
    pub(crate) fn local_name(&self, id: NodeId) -> Option<&str> {
        self.element(id).map(|e| &*e.local)
    }

    /// The value of attribute `name` (lower-case, no namespace).
    /// A namespaced attribute goes by its prefixed name (`xlink:href`).
    /// `name` must be [kept](keep): the tree drops the others.
    pub(crate) fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        debug_assert!(
            kept_attribute(name),
            "the tree does not keep `{name}`: add it to dom/keep.rs"
        );
        self.attrs_of(self.element(id)?)
            .iter()
            .find(|a| &*a.name == name)
            .map(|a| &*a.value)
    }

    fn attrs_of(&self, e: &Element) -> &[Attr] {
        let first = e.first_attr as usize;
        crate::text::sub(&self.attrs, first..first + usize::from(e.attr_count))
    }

    /// Whether the element is a label for screen readers only
    /// (`<span class="off-screen">图片版权</span>`, `visually-hidden`,
    /// `sr-only`): a label of the text after it, kept apart from that
    /// text by a space.
    pub(crate) fn is_screen_reader_label(&self, id: NodeId) -> bool {
        ["off-screen", "visually-hidden", "sr-only"]
            .iter()
            .any(|word| self.class_contains(id, word))
    }

    /// Whether any token of the `class` attribute contains `needle`
    /// (ASCII case-insensitively). `needle` must be one of [`CLASS_WORDS`]:
    /// the tree keeps only the class tokens that contain one.
    pub(crate) fn class_contains(&self, id: NodeId, needle: &str) -> bool {
        debug_assert!(
            CLASS_WORDS.contains(&needle),
            "the tree does not keep class words with `{needle}`: add it to CLASS_WORDS in dom/keep.rs"
        );
        self.attr(id, "class").is_some_and(|class| {
            class
                .split_ascii_whitespace()
                .any(|token| crate::text::contains_ignore_ascii_case(token, needle))
        })
    }
}

/// html5ever's own tokenizer and tree builder over `body`, read as the
/// content of a `<body>` (as the production tree reads it), building
/// `markup5ever_rcdom`: the reference the production tree is checked
/// against.
#[cfg(test)]
fn reference_rcdom(body: &str) -> markup5ever_rcdom::RcDom {
    use html5ever::tendril::TendrilSink;
    use html5ever::tokenizer::TokenizerOpts;

    let opts = html5ever::ParseOpts {
        tokenizer: TokenizerOpts {
            discard_bom: false,
            ..TokenizerOpts::default()
        },
        tree_builder: TreeBuilderOpts {
            scripting_enabled: false,
            ..TreeBuilderOpts::default()
        },
    };
    html5ever::parse_fragment(
        markup5ever_rcdom::RcDom::default(),
        opts,
        QualName::new(None, ns!(html), local_name!("body")),
        vec![],
        false,
    )
    .one(body)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as `name[attr=value](children)`, text inline, comments
    /// left out: comparable with the same outline of html5ever's RcDom.
    fn outline(dom: &Dom) -> String {
        // Explicit stack: the same discipline the crate keeps everywhere.
        let mut out = String::new();
        let mut stack = vec![(dom.root(), false)];
        while let Some((id, exiting)) = stack.pop() {
            if exiting {
                out.push(')');
                continue;
            }
            if dom.with_text(id, |t| out.push_str(t)).is_some() {
                continue;
            }
            if let Some(e) = dom.element(id) {
                let attrs = dom.attrs_of(e).iter().map(|a| (a.name.clone(), &*a.value));
                push_name(
                    &mut out,
                    &QualName::new(None, e.ns.namespace(), e.local.clone()),
                    attrs,
                );
                stack.push((id, true));
                let kids: Vec<_> = dom.children(id).collect();
                stack.extend(kids.into_iter().rev().map(|k| (k, false)));
            }
        }
        out
    }

    fn push_name<'a>(
        out: &mut String,
        name: &QualName,
        attrs: impl Iterator<Item = (LocalName, &'a str)>,
    ) {
        if name.ns != ns!(html) {
            out.push_str(&name.ns);
            out.push(':');
        }
        out.push_str(&name.local);
        for (name, value) in attrs {
            out.push_str(&format!("[{name}={value}]"));
        }
        out.push('(');
    }

    /// The same outline of the reference DOM, html5ever's own tokenizer
    /// and `markup5ever_rcdom`.
    fn reference_outline(body: &str) -> String {
        use markup5ever_rcdom::NodeData;
        let dom = reference_rcdom(body);
        let root = dom.document.children.borrow()[0].clone();
        let mut out = String::new();
        let mut stack = vec![(root, false)];
        while let Some((node, exiting)) = stack.pop() {
            if exiting {
                out.push(')');
                continue;
            }
            match &node.data {
                NodeData::Text { contents } => out.push_str(&contents.borrow()),
                NodeData::Element { name, attrs, .. } => {
                    let attrs = attrs.borrow();
                    let kept = attrs
                        .iter()
                        .filter(|a| kept_attribute(&a.name.local))
                        .map(|a| {
                            (
                                attribute_name(&a.name),
                                keep::reduce(&a.name.local, a.value.clone()),
                            )
                        })
                        .collect::<Vec<_>>();
                    push_name(&mut out, name, kept.iter().map(|(n, v)| (n.clone(), &**v)));
                    stack.push((node.clone(), true));
                    let kids: Vec<_> = node.children.borrow().iter().cloned().collect();
                    stack.extend(kids.into_iter().rev().map(|k| (k, false)));
                }
                _ => {}
            }
        }
        out
    }

    /// Pieces of markup that exercise the tokenizer and tree builder's
    /// odd corners: raw-text elements, foreign content, CDATA, tables,
    /// misnesting, character references, NUL, CR, BOM, duplicate
    /// attributes.
    const PIECES: &[&str] = &[
        "<div>",
        "</div>",
        "<p>",
        "</p>",
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "<a href=x>",
        "</a>",
        "<table>",
        "<tr>",
        "<td>",
        "</td>",
        "</table>",
        "<svg>",
        "</svg>",
        "<math>",
        "<![CDATA[x]]>",
        "<script>",
        "</script>",
        "<style>",
        "</style>",
        "<textarea>",
        "</textarea>",
        "<title>",
        "</title>",
        "<noscript>",
        "</noscript>",
        "<iframe>",
        "</iframe>",
        "<plaintext>",
        "<!--",
        "-->",
        "<!doctype html>",
        "&amp;",
        "&lt",
        "&#x41;",
        "&#0;",
        "&notin;",
        "&noti",
        "\r\n",
        "\r",
        "\n",
        "\0",
        "\u{feff}",
        "x",
        "字",
        " ",
        "\t",
        "<",
        ">",
        "/",
        "\"",
        "'",
        "=",
        "<img src=a alt='b'>",
        "<br/>",
        "<li>",
        "<ul>",
        "</ul>",
        "<select>",
        "<option>",
        "<template>",
        "</template>",
        "<body class=x>",
        "<html lang=y>",
        "<head>",
        "<form>",
        "</form>",
        "<button>",
        "<xmp>",
        "</xmp>",
        "<a b=1 b=2 c>",
        "<foo:bar>",
        "<p/>",
        "</br>",
        "</p >",
        "<!a>",
        "<?x?>",
        "\u{0c}",
        "<noembed>",
        "</noembed>",
        "<image>",
        "<font color=red>",
        "<nobr>",
        "<marquee>",
        "<object>",
        "<caption>",
        "<col>",
        "<h1>",
        "</h1>",
        "<imgsrc=\"data:x\" srcset=y>",
        "<sourcetype=\"a/b\"srcset=\"c\"sizes=\"\"/>",
        "<small>",
        "</small>",
        "<figure>",
        "<figcaption>",
        "<video src=v controls>",
        "</video>",
        "<math><mi>",
        "<svg><foreignObject>",
        "<desc>",
        "<frameset>",
        "<frame>",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// html5gum feeding html5ever's tree builder builds exactly the tree
        /// html5ever's own tokenizer builds.
        #[test]
        fn same_tree_as_html5ever_tokenizer(pieces in proptest::collection::vec(0..PIECES.len(), 0..60)) {
            let body: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let ours = outline(&Dom::parse_body_default(&body));
            proptest::prop_assert_eq!(ours, reference_outline(&body), "input {:?}", body);
        }
    }

    /// Found by `same_tree_as_html5ever_tokenizer`: the text before a
    /// `<![CDATA[` reopens an HTML `<font>` in a MathML text point, so the
    /// section is a comment; the tokenizer asked before the tree builder
    /// had the text.
    #[test]
    fn text_before_cdata_reaches_the_tree_builder_first() {
        for body in [
            "<math><mi><h1><font color=red></h1>--><![CDATA[x]]>",
            "<svg><foreignObject><p><b></p>t<![CDATA[x]]>",
        ] {
            assert_eq!(
                outline(&Dom::parse_body_default(body)),
                reference_outline(body),
                "{body}"
            );
        }
    }

    #[test]
    fn builds_fragment_under_html_root() {
        let dom = Dom::parse_body_default("<p>a<b>b</b></p>c");
        assert_eq!(outline(&dom), "html(p(ab(b))c)");
    }

    #[test]
    fn adoption_agency_moves_nodes() {
        let dom = Dom::parse_body_default("<b>1<p>2</b>3</p>");
        assert_eq!(outline(&dom), "html(b(1)p(b(2)3))");
    }

    #[test]
    fn foster_parenting_inserts_before_table() {
        let dom = Dom::parse_body_default("<table>x<tr><td>y</td></tr></table>");
        assert_eq!(outline(&dom), "html(xtable(tbody(tr(td(y)))))");
    }

    #[test]
    fn noscript_content_is_markup() {
        let dom = Dom::parse_body_default("<noscript><img src=a></noscript>");
        assert_eq!(outline(&dom), "html(noscript(img[src=a]()))");
    }

    #[test]
    fn glued_attribute_is_recognised_as_image() {
        let dom = Dom::parse_body_default(r#"<imgsrc="data:x" alt="a" srcset="b.jpg">"#);
        let img = dom.first_child(dom.root()).map(|n| dom.tag(n));
        assert_eq!(img, Some(Some(Tag::GluedImg)));
    }

    #[test]
    fn attributes_and_classes() {
        let dom = Dom::parse_body_default(
            r#"<div class="WP-Caption alignnone" srcSet="a.jpg 1x, b.jpg 2x" width="9"></div>"#,
        );
        let div = dom.first_child(dom.root()).unwrap();
        // Only the largest candidate of a srcset, only class words looked
        // for, only attributes read.
        assert_eq!(dom.attr(div, "srcset"), Some("b.jpg"));
        assert_eq!(dom.attr(div, "class"), Some("WP-Caption"));
        let stored: Vec<&str> = dom
            .attrs_of(dom.element(div).unwrap())
            .iter()
            .map(|a| &*a.name)
            .collect();
        assert_eq!(stored, ["class", "srcset"]);
        assert!(dom.class_contains(div, "caption"));
        assert!(!dom.class_contains(div, "Figure"));
    }

    /// A reader that asks for an attribute the tree drops would get `None`
    /// forever: in debug builds (every test) it is a panic that names the
    /// file to edit.
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "add it to dom/keep.rs")]
    fn reading_an_attribute_the_tree_drops_is_a_bug() {
        let dom = Dom::parse_body_default(r#"<div width="9"></div>"#);
        let div = dom.first_child(dom.root()).unwrap();
        let _ = dom.attr(div, "width");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "add it to CLASS_WORDS")]
    fn looking_for_a_class_word_the_tree_drops_is_a_bug() {
        let dom = Dom::parse_body_default(r#"<div class="lede"></div>"#);
        let div = dom.first_child(dom.root()).unwrap();
        let _ = dom.class_contains(div, "lede");
    }

    /// Every kept name is stored.
    #[test]
    fn every_kept_attribute_is_stored() {
        let names = [
            "src",
            "srcset",
            "href",
            "alt",
            "title",
            "class",
            "style",
            "role",
            "poster",
            "datetime",
            "data",
            "data-e2e",
            "data-src",
            "data-lazy-src",
            "data-original",
            "data-lazy",
            "data-url",
            "data-srcset",
            "data-lazy-srcset",
        ];
        // A value every reduction keeps whole (a class word, one candidate).
        let attrs: String = names.iter().map(|n| format!(" {n}=caption")).collect();
        let dom = Dom::parse_body_default(&format!("<span{attrs}></span>"));
        let span = dom.first_child(dom.root()).unwrap();
        for name in names {
            assert!(keep::kept_attribute(name), "{name}");
            assert_eq!(dom.attr(span, name), Some("caption"), "{name}");
        }
    }
}

//! Tokens: html5gum's WHATWG tokenizer feeds html5ever's tree builder,
//! through a filter that keeps the parse linear on hostile input.
//!
//! Why not html5ever's own tokenizer: it checks each new attribute against
//! all earlier ones of the same tag, so one tag with N attributes costs N²
//! (seconds for a 400 KB tag, minutes for 4 MB), and nothing outside the
//! tokenizer can intervene before the tag is complete. html5gum hands over
//! attributes one by one, so the filter can drop duplicates and cap their
//! number as they come. Both tokenizers implement the same section of the
//! HTML standard; the test suite checks that the two produce the same
//! tree.
//!
//! The filter also caps nesting. html5ever's tree builder scans its stack
//! of open elements (and its list of active formatting elements) on most
//! start tags, so input that only ever opens elements (`<div>` × N,
//! `<ul><li>` × N, unclosed `<b>` × N) costs N² there: 26 s for 1 MB of
//! `<div>`. Before each start tag the filter asks the tree builder how
//! many elements it holds open or in the formatting list; at the limit the
//! tag (and later its end tag) is dropped, and its content flows into the
//! deepest element still open. Text is never dropped.

use std::cell::Cell;
use std::collections::HashMap;
use std::convert::Infallible;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::tree_builder::{Tracer, TreeBuilder};
use html5ever::{Attribute, LocalName, QualName, local_name, ns};
use html5gum::emitters::callback::{Callback, CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, ForwardingEmitter, Span, State};

use super::shadow::{self, Kind, Outcome, Point, Shadow};
use super::sink::{DOCUMENT, Sink};
use super::{ElementNs, NodeId};

/// How much structure one body may build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Limits {
    /// Elements held open at once (open elements plus active formatting
    /// elements, as the tree builder counts them).
    pub(crate) max_depth: usize,
    /// Attributes kept per element.
    pub(crate) max_attributes: usize,
}

impl Default for Limits {
    /// 512 open elements, the depth at which Chromium's HTML parser stops
    /// nesting; 256 attributes per element, far above what any outlet's
    /// markup uses.
    fn default() -> Limits {
        Limits {
            max_depth: 512,
            max_attributes: 256,
        }
    }
}

/// What the limits cost the parse.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Stats {
    /// Start tags dropped by the nesting limit.
    pub(crate) dropped_tags: usize,
    /// Attributes dropped by the attribute limit (duplicates, which the
    /// standard drops anyway, are not counted).
    pub(crate) dropped_attributes: usize,
}

type Builder = TreeBuilder<NodeId, Sink>;

/// Tokenize `body` into `builder`.
pub(super) fn tokenize(body: &str, builder: &Builder, limits: Limits) -> Stats {
    let stats = Cell::new(Stats::default());
    let filter = Filter {
        builder,
        limits,
        tag: None,
        keep_attribute_value: false,
        next_state: None,
        dropped: HashMap::new(),
        attributes_seen: 0,
        stats: &stats,
        shadow: Shadow::default(),
        start_tags_sent: 0,
        attributes_sent: 0,
        formatting_off: false,
    };
    let tokenizer = html5gum::Tokenizer::new_with_emitter(
        body,
        Bridge {
            inner: CallbackEmitter::new(filter),
        },
    );
    // Everything happens in the callbacks; reading a `&str` cannot fail.
    let Ok(()) = tokenizer.finish();
    stats.get()
}

struct Filter<'a> {
    builder: &'a Builder,
    limits: Limits,
    /// The start tag being read, attributes accumulating.
    tag: Option<Tag>,
    /// Whether the attribute being read was kept (not a duplicate, within
    /// the limit), so its value goes with it.
    keep_attribute_value: bool,
    /// The tokenizer state the tree builder asked for after a start tag
    /// (`<script>` → script data, `<textarea>` → RCDATA…).
    next_state: Option<State>,
    /// Start tags dropped by the nesting limit, by name: their end tags
    /// are dropped too.
    dropped: HashMap<LocalName, usize>,
    /// Attributes of the current start tag so far, kept or not.
    attributes_seen: usize,
    stats: &'a Cell<Stats>,
    /// Dropped elements that change what is text in their subtree.
    shadow: Shadow,
    /// Start tags the tree builder has received: the elements it made on
    /// top of those are implied ones (reopened formatting, `<tbody>`…).
    start_tags_sent: usize,
    /// Attributes on those start tags: the attributes the tree's elements
    /// hold on top of those are copies on implied elements.
    attributes_sent: usize,
    /// Set once the tree builder reopened so many formatting elements that
    /// they were closed for good: formatting start tags are dropped from
    /// then on.
    formatting_off: bool,
}

/// How a start tag will be read by the tree builder.
enum Rules {
    /// By the HTML rules (HTML content, or an integration point).
    Html,
    /// In foreign content, an HTML tag that ends it.
    Breakout,
    /// In foreign content: an element of that namespace.
    Foreign(ElementNs),
}

/// Implied elements and attributes the tree builder may make beyond the
/// start tags (and their attributes) it received before the filter steps
/// in. Each paragraph of real markup reopens the few formatting elements
/// left open before it; hostile markup leaves hundreds open and has them
/// all reopened for every four-byte `<p>x`, each a copy with all its
/// attributes (a grammar body of 20 KB peaked at 4.7 MB while only the
/// elements were counted).
const IMPLIED_ELEMENTS_SLACK: usize = 1024;

/// Counts the handles the tree builder holds and keeps the last one that
/// is an SVG or MathML element, in one pass and no allocation.
struct Held<'a> {
    arena: &'a std::cell::RefCell<super::sink::Arena>,
    /// Whether to look up each handle's namespace (only in foreign
    /// content: elsewhere the count is all that is asked).
    find_foreign: bool,
    count: Cell<usize>,
    last_foreign: Cell<Option<NodeId>>,
}

impl Tracer for Held<'_> {
    type Handle = NodeId;

    fn trace_handle(&self, node: &NodeId) {
        self.count.set(self.count.get() + 1);
        if self.find_foreign
            && *node != DOCUMENT
            && self
                .arena
                .borrow()
                .element_name(*node)
                .is_some_and(|(ns, _)| ns != ElementNs::Html)
        {
            self.last_foreign.set(Some(*node));
        }
    }
}

/// The tokenizer hands out bytes of the (UTF-8) input and of decoded
/// character references: valid UTF-8, checked by the fast validator, with
/// the lossy conversion only as a fallback that never runs.
fn utf8(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

fn local_name(bytes: &[u8]) -> LocalName {
    LocalName::from(&*utf8(bytes))
}

fn end_tag(name: LocalName) -> Token {
    Token::TagToken(Tag {
        kind: TagKind::EndTag,
        name,
        self_closing: false,
        attrs: Vec::new(),
        had_duplicate_attributes: false,
    })
}

/// A `<font>` with `color`, `face` or `size`: in foreign content, an HTML
/// tag that ends it.
fn font_with_style(tag: &Tag) -> bool {
    tag.attrs.iter().any(|a| {
        matches!(
            a.name.local,
            local_name!("color") | local_name!("face") | local_name!("size")
        )
    })
}

/// An `encoding` that makes a MathML `<annotation-xml>` hold HTML.
fn html_encoding(tag: &Tag) -> bool {
    tag.attrs
        .iter()
        .any(|a| a.name.local == local_name!("encoding") && shadow::is_html_encoding(&a.value))
}

fn tendril(bytes: &[u8]) -> StrTendril {
    StrTendril::from_slice(&utf8(bytes))
}

/// HTML start tags that never stay open: void elements, and those the
/// tree builder merges into existing elements.
fn never_open(name: &LocalName) -> bool {
    shadow::is_void(name)
        || matches!(
            *name,
            local_name!("html") | local_name!("body") | local_name!("head")
        )
}

impl Filter<'_> {
    fn count(&self, f: impl FnOnce(&mut Stats)) {
        let mut stats = self.stats.get();
        f(&mut stats);
        self.stats.set(stats);
    }

    fn send(&mut self, token: Token) {
        if let Token::TagToken(Tag {
            kind: TagKind::StartTag,
            attrs,
            ..
        }) = &token
        {
            self.start_tags_sent += 1;
            self.attributes_sent += attrs.len();
        }
        self.next_state = match self.builder.process_token(token, 0) {
            TokenSinkResult::Continue | TokenSinkResult::EncodingIndicator(_) => self.next_state,
            // Scripts are not run: the tokenizer just carries on.
            TokenSinkResult::Script(_) => Some(State::Data),
            TokenSinkResult::Plaintext => Some(State::PlainText),
            TokenSinkResult::RawData(RawKind::Rcdata) => Some(State::RcData),
            TokenSinkResult::RawData(RawKind::Rawtext) => Some(State::RawText),
            TokenSinkResult::RawData(RawKind::ScriptData | RawKind::ScriptDataEscaped(_)) => {
                Some(State::ScriptData)
            }
        };
        self.watch_implied_elements();
    }

    /// The tree builder reopens every formatting element a block closed
    /// (`<p><b><i>…<p>x`) for the next text: with hundreds of distinct
    /// ones left open, each four-byte paragraph would make hundreds of
    /// elements. When the elements it made beyond the start tags it got
    /// pass a slack, close every formatting element it holds and drop
    /// formatting start tags from then on (their text stays).
    fn watch_implied_elements(&mut self) {
        if self.formatting_off {
            return;
        }
        let made = {
            let arena = self.builder.sink.arena.borrow();
            arena.element_count() + arena.attribute_count()
        };
        if made <= self.start_tags_sent + self.attributes_sent + IMPLIED_ELEMENTS_SLACK {
            return;
        }
        self.formatting_off = true;
        let names: Vec<LocalName> = {
            let handles = self.handles();
            let arena = self.builder.sink.arena.borrow();
            handles
                .iter()
                .rev()
                .filter_map(|h| arena.element_name(*h))
                .filter(|(ns, name)| *ns == ElementNs::Html && shadow::is_formatting(name))
                .map(|(_, name)| name.clone())
                .collect()
        };
        self.count(|s| s.dropped_tags += names.len());
        for name in names {
            self.send(end_tag(name));
        }
    }

    /// Every handle the tree builder holds: the document, its open
    /// elements bottom to top, its active formatting elements, then the
    /// form and context elements.
    fn handles(&self) -> Vec<NodeId> {
        struct Collect(std::cell::RefCell<Vec<NodeId>>);
        impl Tracer for Collect {
            type Handle = NodeId;
            fn trace_handle(&self, node: &NodeId) {
                self.0.borrow_mut().push(*node);
            }
        }
        let collect = Collect(std::cell::RefCell::new(Vec::new()));
        self.builder.trace_handles(&collect);
        collect.0.into_inner()
    }

    /// An end tag whose walk went through the whole shadow without a
    /// match or a stop: it goes on into what the tree builder holds.
    fn end_tag_past_shadow(&mut self, name: LocalName) {
        if let Some(pending) = self.dropped.get_mut(&name).filter(|n| **n > 0) {
            // A dropped element below the shadow closes, and the shadow
            // with it.
            *pending -= 1;
            self.shadow.clear();
            return;
        }
        // Dropped HTML over the tree builder's foreign element: the tag is
        // read "in body", where `</br>` makes a `<br>` and `</p>` closes a
        // `<p>` in scope or makes an empty one. The tree builder would read
        // them as HTML breaking out of its foreign element instead: close
        // the `<p>` (the break-out pops only what is above it), else
        // nothing.
        if matches!(name, local_name!("p") | local_name!("br"))
            && !self.shadow.in_foreign_content()
            && self
                .builder
                .adjusted_current_node_present_but_not_in_html_namespace()
        {
            let closes = name == local_name!("p")
                && !self.shadow.has_scope_marker()
                && self.specials_above_in_scope(&name).is_some();
            if !closes {
                return;
            }
        }
        // Read "in body" from dropped HTML, the walk passes over foreign
        // elements; the tree builder, at its foreign current node, would
        // match them by name instead.
        if !self.shadow.in_foreign_content()
            && self
                .builder
                .adjusted_current_node_present_but_not_in_html_namespace()
            && self.holds_foreign_named(&name)
        {
            return;
        }
        // The tree builder walks on from its current node as the standard
        // would from the shadow's last element; if that closed anything,
        // it closed the shadow's elements too.
        let before = self.held();
        self.send(end_tag(name));
        if self.held() < before {
            self.shadow.clear();
        }
    }

    /// Whether the tree builder holds a foreign element named `name` (as
    /// the foreign end-tag walk compares names: ASCII case-insensitively).
    fn holds_foreign_named(&self, name: &LocalName) -> bool {
        self.holds(|ns, n| ns != ElementNs::Html && n.eq_ignore_ascii_case(name))
    }

    /// Whether the tree builder holds an HTML element named `name`.
    fn holds_html_element(&self, name: &LocalName) -> bool {
        self.holds(|ns, n| ns == ElementNs::Html && n == name)
    }

    /// Whether the tree builder holds an element that `is` says yes to.
    fn holds(&self, is: impl Fn(ElementNs, &LocalName) -> bool) -> bool {
        let handles = self.handles();
        let arena = self.builder.sink.arena.borrow();
        handles
            .iter()
            .filter(|h| **h != DOCUMENT)
            .any(|h| arena.element_name(*h).is_some_and(|(ns, n)| is(ns, n)))
    }

    /// Whether the tree builder has a `<p>` in button scope: one a
    /// p-closing start tag closes (no scope marker or `<button>` above it;
    /// an integration point is a marker).
    fn p_in_button_scope(&self) -> bool {
        let handles = self.handles();
        let arena = self.builder.sink.arena.borrow();
        // Top down: the formatting list, form and context elements after
        // the open elements are neither markers nor `<p>`.
        for h in handles.iter().rev().filter(|h| **h != DOCUMENT) {
            let Some((ns, n)) = arena.element_name(*h) else {
                continue;
            };
            if ns == ElementNs::Html && *n == local_name!("p") {
                return true;
            }
            if ns == ElementNs::Html && *n == local_name!("button")
                || shadow::is_marker_element(ns, n, arena.is_integration_point(*h))
            {
                return false;
            }
        }
        false
    }

    /// If the tree builder holds an HTML element named `name` in scope
    /// (no scope marker open above it), how many special elements it
    /// holds open above it. For a formatting element, the one the
    /// adoption agency takes: the last of the name in the list of active
    /// formatting elements, when it is open.
    fn specials_above_in_scope(&self, name: &LocalName) -> Option<usize> {
        let handles = self.handles();
        let arena = self.builder.sink.arena.borrow();
        let is_named = |h: &NodeId| {
            arena
                .element_name(*h)
                .is_some_and(|(ns, n)| ns == ElementNs::Html && n == name)
        };
        // The open elements come first, then the formatting list (only
        // formatting elements, neither markers nor special), then the
        // head, form and context elements, which are not above anything.
        // So the last of the name is the list's when the list has one,
        // and it is open when it also comes among the open elements.
        let last = *handles.iter().rfind(|h| is_named(h))?;
        let first = handles.iter().position(|h| *h == last)?;
        if shadow::is_formatting(name) && handles.iter().filter(|h| **h == last).count() < 2 {
            // Not open (or not in the list): the agency only drops it.
            return None;
        }
        let mut specials = 0;
        for h in crate::text::sub(&handles, first + 1..) {
            let Some((ns, n)) = arena.element_name(*h) else {
                continue;
            };
            let fixed = ns == ElementNs::Html
                && matches!(
                    *n,
                    local_name!("head")
                        | local_name!("form")
                        | local_name!("body")
                        | local_name!("html")
                );
            if fixed {
                continue;
            }
            let point = arena.is_integration_point(*h);
            if shadow::is_marker_element(ns, n, point) {
                return None;
            }
            specials += usize::from(shadow::is_special_element(ns, n, point));
        }
        Some(specials)
    }

    /// How the tree builder will read this start tag, and how many
    /// elements it holds (computed only when needed: one step per element).
    fn rules_for(&self, tag: &Tag) -> (Rules, Option<usize>) {
        if !self
            .builder
            .adjusted_current_node_present_but_not_in_html_namespace()
        {
            return (Rules::Html, None);
        }
        // The adjusted current node is foreign, so it is the last foreign
        // handle the tree builder holds: the formatting, form and context
        // elements traced after the open elements are all HTML.
        let (held, current) = self.trace(true);
        let arena = self.builder.sink.arena.borrow();
        let Some((node, (ns, name))) = current.and_then(|n| Some((n, arena.element_name(n)?)))
        else {
            debug_assert!(false, "foreign content without a foreign element");
            return (Rules::Html, Some(held));
        };
        let point = shadow::point_of(ns, name, arena.is_integration_point(node));
        let rules = if !shadow::foreign_rules_apply(point, &tag.name) {
            Rules::Html
        } else if shadow::breaks_out(&tag.name, font_with_style(tag)) {
            Rules::Breakout
        } else {
            Rules::Foreign(ns)
        };
        (rules, Some(held))
    }

    /// Whether the start tag `name`, read in the table insertion mode of
    /// the nearest table element the tree builder holds open, closes what
    /// is above that element first (see [`shadow::closes_back_in_table`]).
    /// Not when a dropped element sets the insertion mode (the shadow
    /// would have to be read instead), nor under foreign rules. Only a
    /// table or template bounds table scope, so other dropped elements do
    /// not stand in the way.
    fn closes_back_in_table(&self, tag: &Tag) -> bool {
        let name = &tag.name;
        if !(shadow::is_table_part(name) || *name == local_name!("table"))
            || self.shadow.sets_insertion_mode()
            || (self.shadow.is_open() && self.shadow.foreign_rules(name))
        {
            return false;
        }
        if !self.shadow.is_open()
            && self
                .builder
                .adjusted_current_node_present_but_not_in_html_namespace()
            && !matches!(self.rules_for(tag).0, Rules::Html)
        {
            return false;
        }
        let handles = self.handles();
        let arena = self.builder.sink.arena.borrow();
        let context = handles
            .iter()
            .filter(|h| **h != DOCUMENT)
            .filter_map(|h| arena.element_name(*h))
            .rfind(|(ns, n)| {
                *ns == ElementNs::Html
                    && (shadow::is_table_context(n)
                        || matches!(**n, local_name!("select") | local_name!("template")))
            });
        // In a select or a template, other rules.
        context.is_some_and(|(_, context)| shadow::closes_back_in_table(name, context))
    }

    /// Whether the end tag `name` of a table or one of its parts closes
    /// an element the tree builder holds: the table modes close the
    /// element named when it is in table scope (no template or other table
    /// above it), and ignore the tag otherwise. Not when a dropped element
    /// sets the insertion mode, or a dropped foreign element has the name
    /// (the tag closes that one).
    fn closes_table_element(&self, name: &LocalName) -> bool {
        if !shadow::is_table_context(name)
            || *name == local_name!("colgroup")
            || self.shadow.sets_insertion_mode()
            || self.shadow.holds_foreign_named(name)
        {
            return false;
        }
        let handles = self.handles();
        let arena = self.builder.sink.arena.borrow();
        for h in handles.iter().rev().filter(|h| **h != DOCUMENT) {
            let Some((ElementNs::Html, n)) = arena.element_name(*h) else {
                continue;
            };
            if n == name {
                return true;
            }
            if matches!(*n, local_name!("table") | local_name!("template")) {
                return false;
            }
        }
        false
    }

    /// The name of the tree builder's adjusted current node, when it is
    /// foreign and reads `tag` by the foreign rules.
    fn foreign_current_name(&self, tag: &Tag) -> Option<LocalName> {
        if !self
            .builder
            .adjusted_current_node_present_but_not_in_html_namespace()
            || matches!(self.rules_for(tag).0, Rules::Html)
        {
            return None;
        }
        let current = self.trace(true).1?;
        let arena = self.builder.sink.arena.borrow();
        arena.element_name(current).map(|(_, name)| name.clone())
    }

    /// Whether the tree builder holds a foreign element open.
    fn holds_foreign(&self) -> bool {
        self.trace(true).1.is_some()
    }

    /// Elements the tree builder holds open or in its formatting list
    /// (plus a handful of fixed handles). Costs one step per element, and
    /// the limit keeps that number small.
    fn held(&self) -> usize {
        self.trace(false).0
    }

    /// The handles the tree builder holds, counted, and (when asked) the
    /// last foreign one.
    fn trace(&self, find_foreign: bool) -> (usize, Option<NodeId>) {
        let held = Held {
            arena: &self.builder.sink.arena,
            find_foreign,
            count: Cell::new(0),
            last_foreign: Cell::new(None),
        };
        self.builder.trace_handles(&held);
        (held.count.get(), held.last_foreign.get())
    }

    /// Drop a start tag at the nesting limit; its end tag goes too.
    fn drop_tag(&mut self, tag: Tag) {
        self.count(|s| s.dropped_tags += 1);
        *self.dropped.entry(tag.name).or_insert(0) += 1;
    }

    fn start_tag(&mut self, tag: Tag) {
        if (shadow::is_table_part(&tag.name) || tag.name == local_name!("table"))
            && (self.shadow.is_open() || self.held() >= self.limits.max_depth)
            && self.closes_back_in_table(&tag)
        {
            // It closes all that is open above the tree builder's table,
            // dropped elements too, and opens at most three elements
            // above it: the tree builder reads it, past the limit or not.
            // A dropped integration point had it read by the HTML rules:
            // the tree builder's foreign elements above its last HTML one
            // close first, each by its own end tag.
            self.shadow.clear();
            for _ in 0..self.limits.max_depth {
                let Some(current) = self.foreign_current_name(&tag) else {
                    break;
                };
                let before = self.held();
                self.send(end_tag(current));
                if self.held() >= before {
                    debug_assert!(false, "a foreign end tag closed nothing");
                    break;
                }
            }
            return self.send(Token::TagToken(tag));
        }
        if tag.name == local_name!("a")
            && self.shadow.is_open()
            && !self.shadow.foreign_rules(&tag.name)
        {
            // An `<a>` first runs the adoption agency for the `<a>` still
            // open, as its end tag does (see below).
            self.end_tag(local_name!("a"));
        }
        if self.shadow.p_closing_reaches_builder(&tag.name) && self.p_in_button_scope() {
            // It closes the tree builder's `<p>`, and the dropped elements
            // above it with it.
            self.shadow.clear();
        }
        if self.shadow.is_open() {
            let (outcome, state) = self.shadow.start_tag(
                &tag.name,
                tag.self_closing,
                font_with_style(&tag),
                html_encoding(&tag),
            );
            if outcome == Outcome::Taken {
                self.count(|s| s.dropped_tags += 1);
                self.next_state = state;
                return;
            }
        }
        let (rules, held) = self.rules_for(&tag);
        let held = |filter: &Self| held.unwrap_or_else(|| filter.held());
        match rules {
            Rules::Html => {
                // Raw text elements cannot nest (their content is text up
                // to their end tag) and must switch the tokenizer: always
                // passed.
                if never_open(&tag.name) || shadow::raw_text_state(&tag.name).is_some() {
                    return self.send(Token::TagToken(tag));
                }
                if self.formatting_off && shadow::is_formatting(&tag.name) {
                    return self.drop_tag(tag);
                }
                if held(self) < self.limits.max_depth {
                    return self.send(Token::TagToken(tag));
                }
                if tag.name == local_name!("a") {
                    // An `<a>` first runs the adoption agency for the `<a>`
                    // still open, as its end tag does: that can move the
                    // elements below it, foreign ones too, out of it.
                    self.end_tag(local_name!("a"));
                    if self.held() < self.limits.max_depth {
                        return self.send(Token::TagToken(tag));
                    }
                }
                let void = shadow::is_void(&tag.name);
                if !void
                    && shadow::closes_p(&tag.name)
                    && self.holds_foreign()
                    && self.p_in_button_scope()
                {
                    // The dropped tag would have closed the open `<p>`
                    // first, and so made the foreign element below it
                    // current again after it.
                    self.send(end_tag(local_name!("p")));
                }
                // Every dropped element goes to the shadow, in order: the
                // end-tag walks (scope, the adoption agency's rounds) and
                // what is text after it depend on which are open.
                let kind = match tag.name {
                    local_name!("svg") => Some(Kind::Foreign {
                        ns: ElementNs::Svg,
                        point: Point::None,
                    }),
                    local_name!("math") => Some(Kind::Foreign {
                        ns: ElementNs::MathMl,
                        point: Point::None,
                    }),
                    local_name!("template") => Some(Kind::Template),
                    _ if void => None,
                    // A table part outside a table is ignored.
                    _ if shadow::is_table_part(&tag.name)
                        && !self.holds_html_element(&local_name!("table")) =>
                    {
                        None
                    }
                    _ => Some(Kind::Html),
                };
                self.count(|s| s.dropped_tags += 1);
                if let Some(kind) = kind {
                    // A self-closing `<svg/>` or `<math/>` closes at once;
                    // HTML ignores the slash.
                    let closes = tag.self_closing && matches!(kind, Kind::Foreign { .. });
                    if !closes {
                        self.shadow.push(tag.name, kind);
                    }
                }
            }
            // It closes foreign elements before it opens: never deeper.
            Rules::Breakout => self.send(Token::TagToken(tag)),
            Rules::Foreign(ns) => {
                // A self-closing foreign element closes at once.
                if tag.self_closing || held(self) < self.limits.max_depth {
                    return self.send(Token::TagToken(tag));
                }
                self.count(|s| s.dropped_tags += 1);
                let point = shadow::point_of(ns, &tag.name, html_encoding(&tag));
                self.shadow.push(tag.name, Kind::Foreign { ns, point });
            }
        }
    }

    fn end_tag(&mut self, name: LocalName) {
        if self.shadow.is_open() && self.closes_table_element(&name) {
            // It closes the tree builder's table element, and all above
            // it. In foreign content the end tag walks down to the first
            // HTML element and is read by the HTML rules there: the tree
            // builder's walk does the same.
            self.shadow.clear();
            return self.send(end_tag(name));
        }
        if self.shadow.is_open() {
            match self.shadow.end_tag(&name) {
                Outcome::Taken => return,
                Outcome::Closed => {}
                Outcome::Adopt => {
                    let dropped: usize = self
                        .dropped
                        .iter()
                        .filter(|(n, _)| shadow::is_special_html(n))
                        .map(|(_, count)| *count)
                        .sum();
                    if let Some(pending) = self.dropped.get_mut(&name).filter(|n| **n > 0) {
                        // The element was dropped before the
                        // shadow: it closes there.
                        *pending -= 1;
                        self.shadow.adopt(&name, dropped);
                        return;
                    }
                    let Some(held) = self.specials_above_in_scope(&name) else {
                        // The tree builder ignores it.
                        return;
                    };
                    self.shadow.adopt(&name, held + dropped);
                }
                Outcome::Unmatched => return self.end_tag_past_shadow(name),
            }
        }
        if let Some(pending) = self.dropped.get_mut(&name).filter(|n| **n > 0) {
            *pending -= 1;
            return;
        }
        self.send(end_tag(name));
    }

    fn event(&mut self, event: CallbackEvent<'_>) {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.attributes_seen = 0;
                self.tag = Some(Tag {
                    kind: TagKind::StartTag,
                    name: local_name(name),
                    self_closing: false,
                    attrs: Vec::new(),
                    had_duplicate_attributes: false,
                });
            }
            CallbackEvent::AttributeName { name } => {
                self.keep_attribute_value = false;
                // End tags can carry attributes in the syntax; they mean
                // nothing, and there is no start tag to put them on.
                let Some(tag) = self.tag.as_mut() else { return };
                let name = utf8(name);
                // An attribute the tree builder reads decides the tree
                // (`<font color>` leaves foreign content, `<input
                // type=hidden>` stays in a table): never dropped, or the
                // limit would change what is text.
                let steers_builder = super::builder_attribute(&name);
                self.attributes_seen += 1;
                if self.attributes_seen > self.limits.max_attributes && !steers_builder {
                    self.count(|s| s.dropped_attributes += 1);
                    return;
                }
                // Only what the tree builder or the tree's readers use is
                // kept: the rest would be dropped by the tree anyway.
                if !steers_builder && !super::kept_attribute(&name) {
                    return;
                }
                let name = LocalName::from(&*name);
                if tag.attrs.iter().any(|a| a.name.local == name) {
                    // The standard keeps the first of duplicate attributes.
                    tag.had_duplicate_attributes = true;
                    return;
                }
                tag.attrs.push(Attribute {
                    name: QualName::new(None, ns!(), name),
                    value: StrTendril::new(),
                });
                self.keep_attribute_value = true;
            }
            CallbackEvent::AttributeValue { value } => {
                if !self.keep_attribute_value {
                    return;
                }
                if let Some(attr) = self.tag.as_mut().and_then(|t| t.attrs.last_mut()) {
                    if attr.value.is_empty() {
                        // Usually the whole value comes at once: allocate
                        // it to size (a push would round up to a power of
                        // two).
                        attr.value = tendril(value);
                    } else {
                        attr.value.push_slice(&utf8(value));
                    }
                }
            }
            CallbackEvent::CloseStartTag { self_closing } => {
                let Some(mut tag) = self.tag.take() else {
                    return;
                };
                tag.self_closing = self_closing;
                self.start_tag(tag);
            }
            CallbackEvent::EndTag { name } => {
                self.tag = None;
                self.end_tag(local_name(name));
            }
            CallbackEvent::String { value } => {
                if self.shadow.is_open() && !self.shadow.shows_text() {
                    return;
                }
                // html5ever's tree builder takes U+0000 as its own token.
                // Inside a shadow the tree builder does not know the
                // content's kind: U+FFFD where it is foreign, nothing
                // where it is HTML.
                let shadow_nul = self.shadow.is_open().then(|| self.shadow.keeps_nul());
                for (i, part) in value.split(|&b| b == 0).enumerate() {
                    if i > 0 {
                        match shadow_nul {
                            None => self.send(Token::NullCharacterToken),
                            Some(true) => self
                                .send(Token::CharacterTokens(StrTendril::from_slice("\u{FFFD}"))),
                            Some(false) => {}
                        }
                    }
                    if !part.is_empty() {
                        self.send(Token::CharacterTokens(tendril(part)));
                    }
                }
            }
            // Inside a shadow, comments and doctypes have no element to go
            // to; they are never text.
            CallbackEvent::Comment { .. } | CallbackEvent::Doctype { .. }
                if self.shadow.is_open() => {}
            CallbackEvent::Comment { value } => self.send(Token::CommentToken(tendril(value))),
            CallbackEvent::Doctype {
                name,
                public_identifier,
                system_identifier,
                force_quirks,
            } => self.send(Token::DoctypeToken(Doctype {
                name: Some(name).filter(|n| !n.is_empty()).map(tendril),
                public_id: public_identifier.map(tendril),
                system_id: system_identifier.map(tendril),
                force_quirks,
            })),
            // Parse errors change nothing in the tree.
            CallbackEvent::Error(_) => {}
        }
    }
}

impl Callback<Infallible, ()> for Filter<'_> {
    fn handle_event(&mut self, event: CallbackEvent<'_>, _span: Span<()>) -> Option<Infallible> {
        self.event(event);
        None
    }
}

/// html5gum's emitter, with the two places where the tree builder talks
/// back to the tokenizer: the state after a start tag, and whether the
/// current node is foreign content (where `<![CDATA[` is a section).
struct Bridge<'a> {
    inner: CallbackEmitter<Filter<'a>>,
}

impl ForwardingEmitter for Bridge<'_> {
    type Token = Infallible;

    fn inner(&mut self) -> &mut impl Emitter<Token = Infallible> {
        &mut self.inner
    }

    fn emit_eof(&mut self) {
        self.inner.emit_eof();
        let filter = self.inner.callback_mut();
        filter.shadow.clear();
        filter.send(Token::EOFToken);
        filter.builder.end();
    }

    fn emit_current_tag(&mut self) -> Option<State> {
        // The callback emitter only reports events; the state comes from
        // the tree builder's answer to the tag.
        let _naive = self.inner.emit_current_tag();
        self.inner.callback_mut().next_state.take()
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&mut self) -> bool {
        // The tokenizer asks at `<![CDATA[`, with the text before it still
        // in the emitter: the tree builder must have it first (it may
        // reopen formatting elements, HTML ones, for it). Starting a
        // comment hands it over; a comment after this starts afresh.
        self.inner.init_comment();
        let filter = self.inner.callback_mut();
        if filter.shadow.is_open() {
            return filter.shadow.in_foreign_content();
        }
        filter
            .builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }

    /// Parse errors change nothing in the tree: don't look for them (the
    /// tokenizer then skips its per-character validation).
    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

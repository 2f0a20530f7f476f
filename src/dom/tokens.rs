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
use std::marker::PhantomData;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::tree_builder::{Tracer, TreeBuilder};
use html5ever::{Attribute, LocalName, QualName, local_name, ns};
use html5gum::emitters::callback::{Callback, CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, ForwardingEmitter, Span, State};

use super::NodeId;
use super::sink::Sink;

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
}

/// Counts the handles the tree builder holds.
struct Count(Cell<usize>, PhantomData<NodeId>);

impl Tracer for Count {
    type Handle = NodeId;

    fn trace_handle(&self, _: &NodeId) {
        self.0.set(self.0.get() + 1);
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

fn tendril(bytes: &[u8]) -> StrTendril {
    StrTendril::from_slice(&utf8(bytes))
}

/// Start tags that never stay open (void elements, and those the tree
/// builder merges into existing elements): nothing to limit.
fn never_open(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("basefont")
            | local_name!("bgsound")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("frame")
            | local_name!("hr")
            | local_name!("image")
            | local_name!("img")
            | local_name!("input")
            | local_name!("keygen")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("param")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
            | local_name!("html")
            | local_name!("body")
            | local_name!("head")
    )
}

/// Elements whose content the tokenizer reads as raw text once the tree
/// builder has seen them: always passed on, or their content would be
/// read as markup (and `<script>` text would become visible).
fn switches_tokenizer(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("script")
            | local_name!("style")
            | local_name!("textarea")
            | local_name!("title")
            | local_name!("xmp")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("noscript")
            | local_name!("plaintext")
    )
}

impl Filter<'_> {
    fn count(&self, f: impl FnOnce(&mut Stats)) {
        let mut stats = self.stats.get();
        f(&mut stats);
        self.stats.set(stats);
    }

    fn send(&mut self, token: Token) {
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
    }

    /// Elements the tree builder holds open or in its formatting list
    /// (plus a handful of fixed handles). Costs one step per element, and
    /// the limit keeps that number small.
    fn held(&self) -> usize {
        let count = Count(Cell::new(0), PhantomData);
        self.builder.trace_handles(&count);
        count.0.get()
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
                self.attributes_seen += 1;
                if self.attributes_seen > self.limits.max_attributes {
                    self.count(|s| s.dropped_attributes += 1);
                    return;
                }
                // Only what the tree builder or the tree's readers use is
                // kept: the rest would be dropped by the tree anyway.
                let name = utf8(name);
                if !super::kept_attribute(&name) && !super::builder_attribute(&name) {
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
                if !never_open(&tag.name)
                    && !switches_tokenizer(&tag.name)
                    && self.held() >= self.limits.max_depth
                {
                    self.count(|s| s.dropped_tags += 1);
                    *self.dropped.entry(tag.name).or_insert(0) += 1;
                    return;
                }
                self.send(Token::TagToken(tag));
            }
            CallbackEvent::EndTag { name } => {
                self.tag = None;
                let name = local_name(name);
                if let Some(pending) = self.dropped.get_mut(&name).filter(|n| **n > 0) {
                    *pending -= 1;
                    return;
                }
                self.send(Token::TagToken(Tag {
                    kind: TagKind::EndTag,
                    name,
                    self_closing: false,
                    attrs: Vec::new(),
                    had_duplicate_attributes: false,
                }));
            }
            CallbackEvent::String { value } => {
                // html5ever's tree builder takes U+0000 as its own token.
                for (i, part) in value.split(|&b| b == 0).enumerate() {
                    if i > 0 {
                        self.send(Token::NullCharacterToken);
                    }
                    if !part.is_empty() {
                        self.send(Token::CharacterTokens(tendril(part)));
                    }
                }
            }
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
        self.inner
            .callback_mut()
            .builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }

    /// Parse errors change nothing in the tree: don't look for them (the
    /// tokenizer then skips its per-character validation).
    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

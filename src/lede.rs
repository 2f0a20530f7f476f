//! The lede: the first paragraph of the story proper.
//!
//! Read from the model only. Before the story's first sentence the
//! archives put lines that are not the story, each recognised by a named
//! rule below: an image's credit line left as a paragraph
//! ([`is_credit_line`]), a placeholder a script never filled
//! ([`is_placeholder`]), a byline ([`is_byline`]), a note in brackets
//! (the outlet's tag, an update note, a newsletter plug:
//! [`is_bracketed_note`]), a label that introduces what follows ([`is_label`]), an editor's note ([`is_editor_note`]), and a
//! dateline fragment (`华盛顿 —`), whose sentence is the paragraph after
//! it ([`is_dateline_fragment`]).
//!
//! Page furniture (a CDT archive card, a staff line, a share button) is
//! set apart in [`Block::Aside`](crate::Block::Aside)s before: no
//! top-level paragraph, so never a lede.

use crate::article::{Article, Paragraph};

/// Only short lines are taken for one of the kinds above: a story's first
/// paragraph that happens to begin like one is longer.
const MAX_NOTE_CHARS: usize = 60;

impl Article {
    /// The first paragraph of the story proper: the first top-level
    /// paragraph that is not a credit line, a placeholder, a byline, a
    /// bracketed note, a label or a dateline fragment (see the
    /// rules in this module's source, each with its test). `None` when the
    /// body has no such paragraph.
    ///
    /// ```
    /// let input = "<!--1677087543000-->\n[t](https://www.voachinese.com/a/1.html)\n------\n\n\
    ///     <p>华盛顿 —</p><p>第一句。</p><p>第二段。</p>";
    /// let article = newsarchive::parse_article(input);
    /// assert_eq!(article.lede().unwrap().text, "第一句。");
    /// ```
    pub fn lede(&self) -> Option<&Paragraph> {
        self.paragraphs().find(|p| is_story(&p.text))
    }
}

/// Whether a paragraph's text can be the story's first.
fn is_story(text: &str) -> bool {
    let text = text.trim();
    !(text.is_empty()
        || is_credit_line(text)
        || is_placeholder(text)
        || is_byline(text)
        || is_bracketed_note(text)
        || is_label(text)
        || is_editor_note(text)
        || is_dateline_fragment(text))
}

fn is_short(text: &str) -> bool {
    text.chars().count() <= MAX_NOTE_CHARS
}

/// An image's credit line: `图片版权 Getty Images`, `图像来源，Reuters`,
/// `© AFP`.
fn is_credit_line(text: &str) -> bool {
    is_short(text)
        && [
            "图片版权",
            "图像来源",
            "图片来源",
            "©",
            "Copyright",
            "Getty Images",
        ]
        .iter()
        .any(|mark| text.starts_with(mark))
        && !ends_a_sentence(text)
}

fn ends_a_sentence(text: &str) -> bool {
    text.contains(['。', '！', '？'])
}

/// What a page script writes where it had nothing: `Array`, `undefined`,
/// `null`.
fn is_placeholder(text: &str) -> bool {
    matches!(text, "Array" | "undefined" | "null" | "NaN")
}

/// A byline line: `作者：赵冬梅`, `记者：…`, `文／…`.
fn is_byline(text: &str) -> bool {
    is_short(text)
        && ["作者：", "作者:", "记者：", "编译：", "文／", "文/"]
            .iter()
            .any(|mark| text.starts_with(mark))
        && !ends_a_sentence(text)
}

/// A short line wholly in brackets: the outlet's tag (`（德国之声中文网）`),
/// an update note (`(新增德国电讯回应)`), a plug
/// (`（欢迎点击此处订阅NYT简报…）`).
fn is_bracketed_note(text: &str) -> bool {
    let inner = text
        .strip_prefix('（')
        .and_then(|t| t.strip_suffix('）'))
        .or_else(|| text.strip_prefix('(').and_then(|t| t.strip_suffix(')')));
    is_short(text) && inner.is_some_and(|i| !i.contains(['（', '）', '(', ')']))
}

/// A short label that introduces what follows: `编者按：`,
/// `中国数字时代本周推荐媒体：`.
fn is_label(text: &str) -> bool {
    is_short(text) && (text.ends_with('：') || text.ends_with(':')) && !text.contains('\n')
}

/// An editor's note: `CDT编辑注：…`, `编者按：…`, `编者注：…`.
fn is_editor_note(text: &str) -> bool {
    let text = text.strip_prefix("CDT").unwrap_or(text);
    ["编辑注", "编者注", "编者按", "编注"]
        .iter()
        .any(|mark| text.starts_with(mark))
}

/// A dateline fragment on its own: a place and a dash (`华盛顿 —`,
/// `香港 -`), the wire style whose sentence is the next paragraph.
fn is_dateline_fragment(text: &str) -> bool {
    let place = text
        .strip_suffix('—')
        .or_else(|| text.strip_suffix('-'))
        .or_else(|| text.strip_suffix("——"))
        .map(str::trim_end);
    place.is_some_and(|p| {
        !p.is_empty() && p.chars().count() <= 12 && !p.contains(['。', '，', ',', '.'])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_lines_are_not_the_story() {
        assert!(is_credit_line("图片版权 Getty Images"));
        assert!(is_credit_line("图像来源，Family handout"));
        assert!(!is_credit_line(
            "图片版权问题引发了一场长达数年、牵涉多家媒体与摄影师的诉讼，法院昨天终于作出判决，判决书长达两百页，双方都表示将会上诉。"
        ));
        assert!(!is_story("图片版权"));
    }

    #[test]
    fn placeholders_are_not_the_story() {
        assert!(is_placeholder("Array"));
        assert!(!is_story("Array"));
        assert!(is_story("Array 是一个数组。"));
    }

    #[test]
    fn bylines_are_not_the_story() {
        assert!(is_byline("作者：赵冬梅"));
        assert!(!is_byline("作者：赵冬梅说，这是她第一次来北京。"));
        assert!(!is_story("作者：赵冬梅"));
    }

    #[test]
    fn bracketed_notes_are_not_the_story() {
        assert!(is_bracketed_note("（德国之声中文网）"));
        assert!(is_bracketed_note("(新增德国电讯回应)"));
        assert!(is_bracketed_note(
            "（欢迎点击此处订阅NYT简报，我们将在每个工作日发送最新内容至您的邮箱。）"
        ));
        assert!(!is_bracketed_note("（德国之声中文网）周一，德国总理表示……"));
        assert!(!is_bracketed_note("(一)(二)"));
    }

    #[test]
    fn labels_and_editor_notes_are_not_the_story() {
        assert!(is_label("编者按："));
        assert!(is_label("中国数字时代本周推荐媒体："));
        // A sentence that ends by opening a quotation is longer.
        assert!(!is_label(&format!(
            "{}他在周一的记者会上这样说：",
            "据报道，".repeat(14)
        )));
        assert!(is_editor_note("CDT编辑注：日前山东济南发布招标公告。"));
        assert!(is_editor_note("编者按：这是一篇旧文。"));
        assert!(!is_editor_note("编辑部说，这是一篇旧文。"));
    }

    #[test]
    fn dateline_fragments_are_not_the_story() {
        assert!(is_dateline_fragment("华盛顿 —"));
        assert!(is_dateline_fragment("香港 -"));
        assert!(!is_dateline_fragment("—"));
        assert!(!is_dateline_fragment("他说，这不是结束 —"));
        assert!(is_story(
            "自塔利班于2021年8月夺取控制权以来，中国、伊朗和俄罗斯一直在稳步向阿富汗事实上的政府靠拢。"
        ));
    }

    #[test]
    fn the_lede_is_the_first_story_paragraph() {
        let input = "<!--1677087543000-->\n[t](https://a.example/x)\n------\n\n\
            <p>图片版权 Getty Images</p><p>Array</p><p>（德国之声中文网）</p><p>华盛顿 —</p>\
            <p>第一句。</p><p>第二段。</p>";
        let article = crate::parse_article(input);
        assert_eq!(article.lede().map(|p| p.text.as_str()), Some("第一句。"));
        let none = crate::parse_article(
            "<!--1677087543000-->\n[t](https://a.example/x)\n------\n\n<p>Array</p>",
        );
        assert!(none.lede().is_none());
    }
}

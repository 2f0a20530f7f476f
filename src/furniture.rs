//! Page furniture: the blocks of a body that are on the page but are not
//! the story, set apart as [`Block::Aside`]s.
//!
//! One pass over the blocks the walk made, in order, reading the model
//! only (never the markup): so an article written back with
//! [`Article::to_archive`](crate::Article::to_archive) and read again sets
//! apart the same blocks. Each rule is a named function with its test:
//! [`is_decoration`], [`is_link_list`], [`related_label`],
//! [`is_english_edition_link`], [`is_share`], [`is_promotion`],
//! [`is_staff`], [`is_card`] and [`is_notice`]. A label that introduces
//! what follows (`相关阅读：`) takes the link-only blocks after it
//! ([`Follow`]); furniture of one kind next to furniture of the same kind
//! is one aside. Nothing is dropped or reordered: an aside holds the
//! blocks as the walk read them.

use crate::article::{Aside, AsideKind, Block, EmbedKind, Figure, List, Paragraph};

/// Blocks longer than this many characters are never taken for a share
/// button, a plug or a staff line: the story's sentences are longer.
const SHORT: usize = 80;

/// Labels that open a list of other stories.
const RELATED_LABELS: &[&str] = &[
    "相关报道",
    "相关阅读",
    "延伸阅读",
    // DW's own spelling, 2020.
    "延申阅读",
    "推荐阅读",
    "相关新闻",
    "相关文章",
    "相关链接",
    "相关内容",
    "相关话题",
    "更多报道",
    "更多阅读",
    "阅读更多",
    "Related",
    "Related stories",
    "Related coverage",
    "Read more",
    "See also",
];

/// Labels that open a gallery of another story's pictures.
const GALLERY_LABELS: &[&str] = &["相关图集", "图集"];

/// Labels of share buttons.
const SHARE_LABELS: &[&str] = &["分享", "分享到", "分享本文", "Share", "Share this"];

/// Roles a staff line names.
const STAFF_ROLES: &[&str] = &[
    "特约记者",
    "记者",
    "责任编辑",
    "责编",
    "网编",
    "编辑",
    "编译",
    "翻译",
    "译者",
    "撰稿",
    "撰文",
    "审校",
    "校对",
    "作者",
    "摄影",
    "摄像",
    "制作",
    "监制",
    "主编",
    "美编",
];

/// What a block that opened an aside takes after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Follow {
    /// Lists of links and paragraphs that are only links.
    Links,
    /// Figures (a gallery heading's pictures) and links.
    Gallery,
    /// A share label's buttons: layout images (the networks' icons) and
    /// links.
    Buttons,
}

impl Follow {
    fn takes(self, block: &Block) -> bool {
        match block {
            Block::List(l) => is_link_list(l),
            Block::Paragraph(p) => is_wholly_linked(p),
            // WordPress's embed card of a linked post: a quote of its link,
            // then the frame that shows it.
            Block::Quote(q) => {
                !q.paragraphs.is_empty() && q.paragraphs.iter().all(is_wholly_linked)
            }
            Block::Embed(e) => {
                e.kind == EmbedKind::Iframe && e.caption.is_none() && e.credit.is_none()
            }
            Block::Figure(f) => match self {
                Follow::Gallery => true,
                Follow::Buttons => is_decoration(f),
                Follow::Links => false,
            },
            _ => false,
        }
    }
}

/// Set the furniture among `blocks` apart, in place: the vector is
/// compacted as it is read (a story block moves down to the next free
/// slot, a piece of furniture into the aside before it or a new one), so
/// no second vector of blocks is held.
pub(crate) fn set_apart(mut blocks: Vec<Block>) -> Vec<Block> {
    let mut follow: Option<(AsideKind, Follow)> = None;
    let mut write = 0;
    for read in 0..blocks.len() {
        // Slots before `write` hold the output; `read` is never behind.
        debug_assert!(write <= read);
        let Some(block) = blocks.get(read) else {
            break;
        };
        let kind = match follow {
            Some((kind, f)) if f.takes(block) => Some(kind),
            _ => {
                let found = classify(block);
                follow = found.and_then(|(kind, f)| f.map(|f| (kind, f)));
                found.map(|(kind, _)| kind)
            }
        };
        let Some(kind) = kind else {
            blocks.swap(write, read);
            write += 1;
            continue;
        };
        let Some(slot) = blocks.get_mut(read) else {
            break;
        };
        let taken = std::mem::replace(slot, Block::Paragraph(Paragraph::default()));
        debug_assert!(taken.is_story(), "asides never nest");
        if let Some(Block::Aside(last)) = write.checked_sub(1).and_then(|i| blocks.get_mut(i))
            && last.kind == kind
        {
            last.blocks.push(taken);
            continue;
        }
        if let Some(slot) = blocks.get_mut(write) {
            *slot = Block::Aside(Aside {
                kind,
                blocks: vec![taken],
            });
            write += 1;
        }
    }
    blocks.truncate(write);
    blocks
}

/// The kind of furniture a block is on its own, and what it takes after
/// it.
fn classify(block: &Block) -> Option<(AsideKind, Option<Follow>)> {
    let text = match block {
        Block::Figure(f) => return is_decoration(f).then_some((AsideKind::Decoration, None)),
        Block::List(l) => {
            return is_link_list(l).then_some((AsideKind::Related, Some(Follow::Links)));
        }
        Block::Paragraph(p) => p.text.trim(),
        Block::Heading(h) => h.text.trim(),
        _ => return None,
    };
    if label_rest(text, GALLERY_LABELS).is_some() {
        return Some((AsideKind::Related, Some(Follow::Gallery)));
    }
    if related_label(text) || is_english_edition_link(text) {
        return Some((AsideKind::Related, Some(Follow::Links)));
    }
    if is_share(text) {
        return Some((AsideKind::Share, Some(Follow::Buttons)));
    }
    let kind = if is_promotion(text) {
        AsideKind::Promotion
    } else if is_card(text) {
        AsideKind::Card
    } else if is_notice(text) {
        AsideKind::Notice
    } else if is_staff(text) {
        AsideKind::Staff
    } else {
        return None;
    };
    Some((kind, None))
}

fn is_short(text: &str) -> bool {
    text.chars().nth(SHORT).is_none()
}

fn ends_a_sentence(text: &str) -> bool {
    text.contains(['。', '！', '？', '!', '?'])
}

/// The text after one of `labels` at the start of `text`, when the label
/// stands alone: followed by the end, or by a colon (white space may come
/// between). ASCII labels match in any case.
fn label_rest<'t>(text: &'t str, labels: &[&str]) -> Option<&'t str> {
    labels.iter().find_map(|label| {
        let head = text.get(..label.len())?;
        if !head.eq_ignore_ascii_case(label) {
            return None;
        }
        let after = text.get(label.len()..)?.trim_start();
        if after.is_empty() {
            return Some(after);
        }
        after.strip_prefix(['：', ':']).map(str::trim_start)
    })
}

/// Text with one pair of outer brackets removed: `（…）`, `(…)`.
fn unbracketed(text: &str) -> &str {
    text.strip_prefix('（')
        .and_then(|t| t.strip_suffix('）'))
        .or_else(|| text.strip_prefix('(').and_then(|t| t.strip_suffix(')')))
        .unwrap_or(text)
        .trim()
}

/// An image of the layout: no caption or credit, and an `alt` or a file
/// name that says it is no picture.
fn is_decoration(f: &Figure) -> bool {
    if f.caption.is_some() || f.credit.is_some() {
        return false;
    }
    let alt_says = f.alt.as_deref().is_some_and(|alt| {
        let alt = alt.to_ascii_lowercase();
        alt.contains("presentational")
            || alt == "transparent line"
            || alt == "grey line"
            || alt == "spacer"
    });
    let Some(address) = f.original.as_deref().or(f.src.as_deref()) else {
        return alt_says;
    };
    alt_says || file_name_says(address)
}

/// An image file whose name says it is a layout piece: an icon, a spacer,
/// a one-pixel or transparent image, a grey line, a social-media card.
fn file_name_says(address: &str) -> bool {
    let path = address.split(['?', '#']).next().unwrap_or(address);
    if path.contains("meta_og") {
        return true;
    }
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let stem = name
        .rsplit_once('.')
        .map_or(name.as_str(), |(stem, _)| stem);
    let words: Vec<&str> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    has("icon")
        || has("spacer")
        || has("transparent")
        || has("pixel")
        || has("blank")
        || has("1x1")
        || ((has("grey") || has("gray")) && has("line"))
}

/// A list whose every item is one link and nothing else: other stories.
fn is_link_list(l: &List) -> bool {
    !l.items.is_empty()
        && l.items.iter().all(|item| match &item.links[..] {
            [only] => !only.text.is_empty() && only.text.trim() == item.text.trim(),
            _ => false,
        })
}

/// A paragraph of links only, separators aside. An empty anchor (a
/// thumbnail's link) holds no text and changes nothing; at least one link
/// must name something.
fn is_wholly_linked(p: &Paragraph) -> bool {
    let mut named = p.links.iter().filter(|l| !l.text.is_empty()).peekable();
    if named.peek().is_none() {
        return false;
    }
    let mut rest = p.text.as_str();
    let mut outside = String::new();
    for link in named {
        let Some(at) = rest.find(link.text.as_str()) else {
            return false;
        };
        outside.push_str(rest.get(..at).unwrap_or(""));
        rest = rest.get(at + link.text.len()..).unwrap_or("");
    }
    outside.push_str(rest);
    outside
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '|' | '｜' | '、' | '，' | ',' | '/' | '·' | '•'))
}

/// A label that opens links to other stories: `相关阅读：…`, `延伸阅读: …`,
/// `Related`.
fn related_label(text: &str) -> bool {
    label_rest(text, RELATED_LABELS).is_some()
}

/// The NYT Chinese edition's link to the English original.
fn is_english_edition_link(text: &str) -> bool {
    text.trim_end_matches(['。', '.']) == "点击查看本文英文版"
}

/// A share button's label, alone or with the networks' names.
fn is_share(text: &str) -> bool {
    is_short(text) && !ends_a_sentence(text) && label_rest(text, SHARE_LABELS).is_some()
}

/// The outlet's plug for itself (`欢迎订阅德国之声“古典音乐风”播客…`,
/// `（欢迎点击此处订阅NYT简报…）`, `DW中文有 Instagram！欢迎搜寻dw.chinese…`,
/// FT's `温馨提示` to download its app), or an ad slot's label.
fn is_promotion(text: &str) -> bool {
    let inner = unbracketed(text);
    if matches!(inner, "广告" | "Advertisement" | "ADVERTISEMENT") {
        return true;
    }
    // Longer than the longest plug: a story paragraph, not scanned.
    if text.chars().nth(2 * SHORT).is_some() {
        return false;
    }
    let invites = [
        "欢迎订阅",
        "欢迎关注",
        "欢迎下载",
        "欢迎收听",
        "欢迎点击",
        "点击订阅",
        "点击关注",
        "点击下载",
        "点击此处",
        "点击这里",
        "立即订阅",
        "立即下载",
        "扫码",
        "扫描",
    ]
    .iter()
    .any(|w| inner.starts_with(w));
    let to_follow = ["订阅", "关注", "下载", "收听", "二维码"]
        .iter()
        .any(|w| inner.contains(w));
    // Phrases that are a plug wherever they stand in a short block.
    let plug = ["欢迎订阅", "欢迎关注", "欢迎搜寻", "欢迎下载", "欢迎收听"]
        .iter()
        .any(|w| inner.contains(w));
    let english = ["Subscribe to", "Sign up for", "Download the", "Follow us"]
        .iter()
        .any(|w| inner.starts_with(w));
    // FT's notice to download its app is longer than a plug.
    let app_notice = inner.contains("温馨提示")
        && inner.contains("下载")
        && inner.chars().nth(2 * SHORT).is_none();
    app_notice || (is_short(text) && ((invites && to_follow) || plug || english))
}

/// Where `role` stands as a role in `text`, followed by a separator
/// (`记者：`, `译者/`, `编译 `), or merely written (`记者乔龙`).
fn role_marks(text: &str) -> (usize, usize, bool) {
    let mut strong = 0;
    let mut weak = 0;
    let mut opens = false;
    let mut covered: Vec<std::ops::Range<usize>> = Vec::new();
    // Longest roles first, so `责任编辑` is not also counted as `编辑`.
    let mut roles: Vec<&str> = STAFF_ROLES.to_vec();
    roles.sort_by_key(|r| std::cmp::Reverse(r.len()));
    for role in roles {
        for (at, _) in text.match_indices(role) {
            let end = at + role.len();
            if covered.iter().any(|r| r.start < end && at < r.end) {
                continue;
            }
            covered.push(at..end);
            let separated = text
                .get(end..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(|c| c.is_whitespace() || matches!(c, '：' | ':' | '/' | '／'));
            if separated {
                strong += 1;
                opens |= at == 0;
            } else {
                weak += 1;
            }
        }
    }
    (strong, weak, opens)
}

/// Wire services and the like a story draws on.
const SOURCES: &[&str] = &[
    "路透社",
    "美联社",
    "法新社",
    "德新社",
    "彭博社",
    "新华社",
    "中央社",
    "共同社",
    "韩联社",
    "综合报道",
    "Reuters",
    "AP",
    "AFP",
    "dpa",
];

/// The line that names the story's sources: `（路透社等）`, `任琛/李渔（路透社，
/// 德新社）` (the writers, then the services in brackets), `(本文依据了美联社
/// 的报道。)`.
fn is_sources(text: &str) -> bool {
    if !is_short(text) {
        return false;
    }
    let Some((before, inner)) = text
        .strip_suffix('）')
        .and_then(|t| t.rsplit_once('（'))
        .or_else(|| text.strip_suffix(')').and_then(|t| t.rsplit_once('(')))
    else {
        return false;
    };
    // Before the brackets, at most the writers' names.
    let names = before.trim();
    if ends_a_sentence(names) || names.contains(['，', ',', '：', ':']) {
        return false;
    }
    let inner = inner.trim().trim_end_matches(['。', '.']);
    if ["本文依据了", "本文参考了", "此文参考了", "本文根据"]
        .iter()
        .any(|w| inner.starts_with(w))
        && inner.ends_with("报道")
    {
        return names.is_empty();
    }
    let services = inner.trim_end_matches('等');
    !services.is_empty()
        && services
            .split(['、', '，', ',', '/', ' '])
            .filter(|w| !w.is_empty())
            .all(|w| SOURCES.contains(&w.trim_end_matches('等')))
}

/// A line of who made the article: it opens with a role (`翻译：纽约时报中文网`,
/// `译者/何黎`, `编译 刘静；审校 母红`), or names two roles one of which
/// is followed by its names (`记者乔龙 责编 胡力汉`). A sentence is not a
/// staff line unless it names two roles (`（翻译：实习生。责任编辑：…）`).
fn is_staff(text: &str) -> bool {
    if is_sources(text) {
        return true;
    }
    let inner = unbracketed(text);
    if !is_short(inner) {
        return false;
    }
    let (strong, weak, opens) = role_marks(inner);
    if ends_a_sentence(inner) {
        return opens && strong >= 2;
    }
    strong >= 1 && (opens || strong + weak >= 2)
}

/// CDT's archive card: the `CDT 档案卡` heading, or the source's `标题：`
/// line with its `作者：` or `发表日期：` lines.
fn is_card(text: &str) -> bool {
    text == "CDT 档案卡"
        || (text.starts_with("标题：")
            && text
                .lines()
                .skip(1)
                .any(|l| l.starts_with("作者：") || l.starts_with("发表日期：")))
}

/// The outlet's notice: a copyright notice (`© 2020年德国之声版权声明：…`,
/// `Copyright … All rights reserved`, a short `© 2020 AFP`), a short
/// disclaimer (`注：本文仅代表作者个人观点`, DW's `德国之声致力于为您提供客观中立的
/// 新闻报道…`), Reuters' `我们的标准：` trust badge. An image's credit
/// (`© AFP`, `©️Kerekes Gábor`) names no year and reserves nothing.
fn is_notice(text: &str) -> bool {
    let opens = text.starts_with('©')
        || text.starts_with("(c)")
        || text
            .get(..9)
            .is_some_and(|head| head.eq_ignore_ascii_case("copyright"))
        || text.starts_with("版权所有")
        || text.starts_with("版权声明");
    // Only a block that opens like a notice is searched.
    let reserves = opens
        && [
            "版权",
            "版權",
            "著作权",
            "rights reserved",
            "Rights Reserved",
        ]
        .iter()
        .any(|w| text.contains(w));
    let dated = text
        .strip_prefix('©')
        .map(str::trim_start)
        .is_some_and(|rest| rest.len() >= 4 && rest.bytes().take(4).all(|b| b.is_ascii_digit()));
    let inner = unbracketed(text);
    let short_disclaimer =
        is_short(inner) && (inner.contains("仅代表作者") || inner.contains("僅代表作者"));
    let dw_disclaimer = ["德国之声致力于", "德國之聲致力於"]
        .iter()
        .any(|w| inner.starts_with(w));
    reserves
        || (dated && is_short(text))
        || short_disclaimer
        || dw_disclaimer
        || text.starts_with("我们的标准：")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Heading, Link};

    fn para(text: &str) -> Block {
        Block::Paragraph(Paragraph {
            text: text.into(),
            links: Vec::new(),
        })
    }

    fn linked(text: &str) -> Paragraph {
        Paragraph {
            text: text.into(),
            links: vec![Link {
                href: "https://www.bbc.com/zhongwen/simp/1".into(),
                text: text.into(),
            }],
        }
    }

    fn figure(src: &str, alt: Option<&str>, caption: Option<&str>) -> Figure {
        Figure {
            src: Some(src.into()),
            alt: alt.map(Into::into),
            caption: caption.map(Into::into),
            ..Figure::default()
        }
    }

    fn kinds(blocks: &[Block]) -> Vec<Option<(AsideKind, usize)>> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Aside(a) => Some((a.kind, a.blocks.len())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn decorations_by_alt_and_file_name() {
        let grey = "https://ichef.bbci.co.uk/news/624/cpsprodpb/_105894347_grey_line-nc.png";
        assert!(is_decoration(&figure(grey, None, None)));
        assert!(is_decoration(&figure(
            "https://x/_97415642_007_in_numbers_624.png",
            Some("Presentational white space"),
            None
        )));
        assert!(is_decoration(&figure(
            "https://www.rfa.org/++plone++rfa-resources/img/icon-zoom.png",
            None,
            None
        )));
        assert!(is_decoration(&figure(
            "https://x/_108802839_624_transparent-nc.png",
            Some("Transparent line"),
            None
        )));
        assert!(is_decoration(&figure(
            "https://static.rfi.fr/meta_og_twcards/RFI_FB.png",
            None,
            None
        )));
        // The alt alone, or the file name alone, says so.
        for alt in [
            "Transparent line",
            "grey line",
            "spacer",
            "Short presentational grey line",
        ] {
            assert!(
                is_decoration(&figure("https://x/a.png", Some(alt), None)),
                "{alt}"
            );
        }
        for name in [
            "spacer.gif",
            "pixel.gif",
            "blank.gif",
            "1x1.png",
            "gray_line.png",
        ] {
            assert!(
                is_decoration(&figure(&format!("https://x/{name}"), None, None)),
                "{name}"
            );
        }
        // A picture, and a layout-looking picture with a caption, are not.
        assert!(!is_decoration(&figure(
            "https://x/_133311376_3a.jpg",
            Some("Kazakhstan's former economy minister"),
            None
        )));
        assert!(!is_decoration(&figure(grey, None, Some("A grey line"))));
        assert!(!is_decoration(&figure(
            "https://x/iconic-photo.jpg",
            None,
            None
        )));
        assert!(!is_decoration(&figure(
            "https://x/grey_cat.jpg",
            None,
            None
        )));
        assert!(!is_decoration(&figure(
            "https://x/line_of_people.jpg",
            None,
            None
        )));
    }

    #[test]
    fn lists_of_links_only_are_related_stories() {
        let related = List {
            ordered: false,
            items: vec![
                linked("为什么自然光对我们生活如此重要？"),
                linked("健康生活"),
            ],
        };
        assert!(is_link_list(&related));
        let mut story = related.clone();
        story.items[1].text.push_str("，以及更多");
        assert!(!is_link_list(&story));
        assert!(!is_link_list(&List::default()));
    }

    #[test]
    fn wholly_linked_paragraphs() {
        let two = Paragraph {
            text: "甲文 | 乙文".into(),
            links: vec![
                Link {
                    href: "https://x/1".into(),
                    text: "甲文".into(),
                },
                Link {
                    href: "https://x/2".into(),
                    text: "乙文".into(),
                },
            ],
        };
        assert!(is_wholly_linked(&two));
        let mut prose = two.clone();
        prose.text = "甲文和乙文".into();
        assert!(!is_wholly_linked(&prose));
        let mut unlinked = two.clone();
        unlinked.links.clear();
        assert!(!is_wholly_linked(&unlinked));
        // A thumbnail's empty anchor beside a title's link changes nothing.
        let mut thumbnail = two;
        thumbnail.text = "甲文".into();
        thumbnail.links[1].text.clear();
        assert!(is_wholly_linked(&thumbnail));
        thumbnail.links.remove(0);
        assert!(!is_wholly_linked(&thumbnail));
        // Separators alone are no links.
        assert!(!is_wholly_linked(&Paragraph {
            text: "｜".into(),
            links: Vec::new(),
        }));
        assert!(!is_wholly_linked(&Paragraph {
            text: "另一篇".into(),
            links: vec![Link {
                href: "https://x/1".into(),
                text: "别的".into(),
            }],
        }));
    }

    #[test]
    fn staff_roles_are_counted_once_each() {
        // `责任编辑` is not also `编辑`; two roles side by side are two.
        assert_eq!(role_marks("责任编辑：张三"), (1, 0, true));
        assert_eq!(role_marks("记者责编：张三"), (1, 1, false));
        assert_eq!(role_marks("记者责任编辑：张三"), (1, 1, false));
        assert_eq!(role_marks("编译 刘静；审校 母红"), (2, 0, true));
    }

    #[test]
    fn related_labels_stand_alone() {
        assert!(related_label("相关阅读："));
        assert!(related_label("延伸阅读: 全球10个最领先的新冠疫苗项目"));
        assert!(related_label("相关报道"));
        assert!(related_label("延申阅读：长平观察"));
        assert!(related_label("更多阅读：以色列"));
        assert!(related_label("Related: the vote"));
        assert!(!related_label("相关报道称，当局已经介入。"));
        assert!(!related_label("Related to this, the minister said"));
    }

    #[test]
    fn a_label_takes_the_links_after_it() {
        let blocks = vec![
            para("相关阅读："),
            Block::Paragraph(linked("【CDT报告汇】全球一半摄像头在中国")),
            Block::List(List {
                ordered: false,
                items: vec![linked("联合国人权报告")],
            }),
            para("正文继续。"),
            Block::Paragraph(linked("一段只是链接的正文")),
        ];
        let got = set_apart(blocks);
        assert_eq!(kinds(&got), vec![Some((AsideKind::Related, 3)), None, None]);
    }

    #[test]
    fn a_label_takes_wordpress_embed_cards() {
        let quote = Block::Quote(crate::article::Quote {
            paragraphs: vec![linked("另一篇文章")],
        });
        let frame = Block::Embed(Box::new(crate::article::Embed {
            kind: EmbedKind::Iframe,
            src: Some("https://chinadigitaltimes.net/chinese/1/embed/#?secret=x".into()),
            poster: None,
            title: None,
            caption: None,
            credit: None,
            fallback: None,
        }));
        let got = set_apart(vec![para("相关阅读："), quote.clone(), frame.clone()]);
        assert_eq!(kinds(&got), vec![Some((AsideKind::Related, 3))]);
        // Without the label, they are the story's.
        let got = set_apart(vec![para("正文。"), quote, frame]);
        assert_eq!(kinds(&got), vec![None, None, None]);
    }

    #[test]
    fn layout_images_and_link_lists_stand_apart_alone() {
        let grey = "https://ichef.bbci.co.uk/news/624/_105894347_grey_line-nc.png";
        let got = set_apart(vec![
            para("正文。"),
            Block::Figure(Box::new(figure(grey, None, None))),
            para("又一段。"),
            Block::List(List {
                ordered: false,
                items: vec![linked("另一篇")],
            }),
        ]);
        assert_eq!(
            kinds(&got),
            vec![
                None,
                Some((AsideKind::Decoration, 1)),
                None,
                Some((AsideKind::Related, 1))
            ]
        );
    }

    #[test]
    fn a_share_label_takes_a_list_of_links() {
        let got = set_apart(vec![
            para("分享到："),
            Block::List(List {
                ordered: false,
                items: vec![linked("Facebook"), linked("Twitter")],
            }),
        ]);
        assert_eq!(kinds(&got), vec![Some((AsideKind::Share, 2))]);
    }

    #[test]
    fn a_label_takes_only_link_quotes_and_bare_frames() {
        let frame = |kind: EmbedKind, caption: Option<&str>, credit: Option<&str>| {
            Block::Embed(Box::new(crate::article::Embed {
                kind,
                src: Some("https://x/embed/".into()),
                poster: None,
                title: None,
                caption: caption.map(Into::into),
                credit: credit.map(Into::into),
                fallback: None,
            }))
        };
        let story_quote = Block::Quote(crate::article::Quote {
            paragraphs: vec![
                linked("另一篇文章"),
                Paragraph {
                    text: "他说的话。".into(),
                    links: Vec::new(),
                },
            ],
        });
        for next in [
            story_quote,
            Block::Quote(crate::article::Quote::default()),
            frame(EmbedKind::Video, None, None),
            frame(EmbedKind::Iframe, Some("一段视频"), None),
            frame(EmbedKind::Iframe, None, Some("来源")),
        ] {
            let got = set_apart(vec![para("相关阅读："), next.clone()]);
            assert_eq!(
                kinds(&got),
                vec![Some((AsideKind::Related, 1)), None],
                "{next:?}"
            );
        }
    }

    #[test]
    fn a_gallery_heading_takes_its_pictures() {
        let blocks = vec![
            Block::Heading(Heading {
                level: 2,
                text: "相关图集：德国前总理施密特夫妇衷情表现主义艺术".into(),
                links: Vec::new(),
            }),
            Block::Figure(Box::new(figure(
                "https://x/1.jpg",
                None,
                Some("埃米尔·诺尔德"),
            ))),
            Block::Figure(Box::new(figure(
                "https://x/2.jpg",
                None,
                Some("奥托·迪克斯"),
            ))),
            para("正文。"),
        ];
        let got = set_apart(blocks);
        assert_eq!(kinds(&got), vec![Some((AsideKind::Related, 3)), None]);
        // Without the gallery label, a related label takes no figures.
        let got = set_apart(vec![
            para("相关报道"),
            Block::Figure(Box::new(figure("https://x/1.jpg", None, Some("图")))),
        ]);
        assert_eq!(kinds(&got), vec![Some((AsideKind::Related, 1)), None]);
    }

    #[test]
    fn a_share_label_takes_its_buttons() {
        let icon = "https://static.rfi.fr/meta_og_twcards/RFI_FB.png";
        let got = set_apart(vec![
            para("分享 :"),
            Block::Figure(Box::new(figure(icon, None, None))),
            Block::Figure(Box::new(figure("https://x/photo.jpg", None, None))),
        ]);
        assert_eq!(kinds(&got), vec![Some((AsideKind::Share, 2)), None]);
    }

    #[test]
    fn the_english_edition_link() {
        assert!(is_english_edition_link("点击查看本文英文版。"));
        assert!(!is_english_edition_link("点击查看本文英文版的读者很多，"));
    }

    #[test]
    fn share_buttons() {
        assert!(is_share("分享 :"));
        assert!(is_share("Share"));
        assert!(is_share("分享到：Facebook Twitter 微信"));
        assert!(!is_share("分享自己遭遇的经历后，她创立了基金会。"));
    }

    #[test]
    fn plugs_and_ad_slots() {
        assert!(is_promotion(
            "欢迎订阅德国之声“古典音乐风”播客，收听更多出色的古典音乐演出。"
        ));
        assert!(is_promotion(
            "（欢迎点击此处订阅NYT简报，每日获取重要新闻。）"
        ));
        assert!(is_promotion("Advertisement"));
        assert!(is_promotion(
            "DW中文有 Instagram！欢迎搜寻dw.chinese，看更多深入浅出的图文与影音报导。"
        ));
        assert!(is_promotion(
            "来自FT中文网的温馨提示：如您对FT中文网的内容感兴趣，请在苹果应用商店或华为应用市场搜索“FT中文网”，下载FT中文网的官方应用，付费订阅。祝您使用愉快！"
        ));
        assert!(!is_promotion("欢迎来到北京。"));
        // FT's app notice: a 温馨提示 about downloading, up to twice the
        // length of a plug.
        let notice = format!(
            "温馨提示：{}请下载FT中文网的官方应用。",
            "如您对本网内容感兴趣，".repeat(9)
        );
        assert!(notice.chars().count() > 100);
        assert!(is_promotion(&notice));
        assert!(!is_promotion(&notice.replace("下载", "使用")));
        assert!(!is_promotion(&format!(
            "温馨提示：{}请下载应用。",
            "内容".repeat(90)
        )));
        assert!(!is_promotion("点击率和关注度都在上升。"));
        assert!(!is_promotion(
            "点击率和关注度都在上升，这家公司的股价在过去一个月里翻了一番，分析师认为这与其新产品的发布有直接的关系，但也有人提出质疑，认为泡沫明显。"
        ));
    }

    #[test]
    fn staff_lines() {
        for line in [
            "记者：陈子非 责编：许书婷、嘉远 网编：瑞哲",
            "翻译：纽约时报中文网",
            "译者/何黎",
            "编译 刘静；审校 母红",
            "记者乔龙 责编 胡力汉",
            "自由亚洲电台记者薛小山华盛顿报道 责编：申铧 网编：洪伟",
            "（翻译：实习生赵敏竹。责任编辑：silva.shih@ftchinese.com）",
        ] {
            assert!(is_staff(line), "{line}");
        }
        for line in [
            "记者：你怎么看这件事？",
            "以下为中国数字时代编辑摘自网友评论：",
            "BBC记者克利昂表示，因为没有设定手动解锁装置，一旦发生这种情况，要想解锁很难。",
            "（本文仅代表作者观点。责任编辑邮箱：haolin.liu@ftchinese.com）",
            // Roles only written, none followed by names.
            "本台记者与编辑部",
        ] {
            assert!(!is_staff(line), "{line}");
        }
    }

    #[test]
    fn source_lines() {
        for line in [
            "（路透社等）",
            "（美联社、路透社）",
            "（综合报道）",
            "任琛/李渔（路透社，德新社）",
            "邹宗翰/杨威廉 (路透社、德新社等)",
            "(本文依据了美联社的报道。)",
            "（本文参考了美联社、法新社和路透社的报道。）",
        ] {
            assert!(is_sources(line), "{line}");
        }
        for line in [
            "他说，这是误会。（路透社）",
            "（德国之声中文网）",
            "（路透社报道称，当局已介入）",
            "路透社",
            "（）",
        ] {
            assert!(!is_sources(line), "{line}");
        }
    }

    #[test]
    fn archive_cards() {
        assert!(is_card("CDT 档案卡"));
        assert!(is_card(
            "标题：一起来说交公粮的往事\n作者：彭远文\n发表日期：2025.2.2"
        ));
        assert!(!is_card("标题：一起来说交公粮的往事"));
    }

    #[test]
    fn notices() {
        assert!(is_notice(
            "© 2020年德国之声版权声明：本文所有内容受到著作权法保护，如无德国之声特别授权，不得擅自使用。"
        ));
        assert!(is_notice(
            "© 2022年德國之聲版權聲明：本文所有內容受到著作權法保護"
        ));
        assert!(is_notice("Copyright 2024 The Outlet. All rights reserved."));
        assert!(is_notice("© 2020 AFP"));
        assert!(is_notice("(c) 2024 The Outlet. All rights reserved."));
        assert!(is_notice("版权所有：本网站所有内容受版权保护"));
        assert!(is_notice("版权声明：转载须注明出处，版权归原作者"));
        assert!(is_notice("注：本文仅代表作者个人观点"));
        assert!(is_notice(
            "（本文仅代表作者观点。责任编辑邮箱：haolin.liu@ftchinese.com）"
        ));
        assert!(is_notice(
            "德国之声致力于为您提供客观中立的新闻报道，以及展现多种角度的评论分析。文中评论及分析仅代表作者或专家个人立场。"
        ));
        assert!(is_notice("我们的标准：汤森路透“信任原则”"));
        // An image credit is not a notice, nor a long story sentence.
        assert!(!is_notice("© AFP"));
        assert!(!is_notice("©️Kerekes Gábor"));
        assert!(!is_notice(&format!(
            "{}他说，这篇文章仅代表作者本人的看法。",
            "据报道，".repeat(20)
        )));
    }

    #[test]
    fn furniture_of_one_kind_is_one_aside_and_the_story_stays_in_place() {
        let blocks = vec![
            para("第一段。"),
            para("记者：陈子非"),
            para("责编：许书婷"),
            para("分享 :"),
            para("最后一段。"),
        ];
        let got = set_apart(blocks.clone());
        assert_eq!(
            kinds(&got),
            vec![
                None,
                Some((AsideKind::Staff, 2)),
                Some((AsideKind::Share, 1)),
                None
            ]
        );
        // Flattened, the blocks are the walk's, in order.
        let flat: Vec<Block> = got
            .into_iter()
            .flat_map(|b| match b {
                Block::Aside(a) => a.blocks,
                other => vec![other],
            })
            .collect();
        assert_eq!(flat, blocks);
    }

    #[test]
    fn setting_apart_twice_changes_nothing() {
        let blocks = vec![para("相关阅读："), Block::Paragraph(linked("另一篇"))];
        let once = set_apart(blocks);
        let flat: Vec<Block> = once
            .iter()
            .flat_map(|b| match b {
                Block::Aside(a) => a.blocks.clone(),
                other => vec![other.clone()],
            })
            .collect();
        assert_eq!(set_apart(flat), once);
    }
}

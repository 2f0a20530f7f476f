//! The strict API's errors, message by message, on a table of broken
//! files; and the lenient parse of the same files, which must not fail.

#![allow(clippy::unwrap_used)]

use newsarchive::{Options, Warning, parse_article};

const BODY: &str = "<p>正文。</p>";

fn file(header: &str) -> String {
    format!("{header}{BODY}\n")
}

/// One broken file: its name, the input, the strict error's message and a
/// check of the warning's kind.
type Case = (&'static str, String, &'static str, fn(&Warning) -> bool);

fn table() -> Vec<Case> {
    vec![
        (
            "empty input",
            String::new(),
            "line 1, byte 0: expected an archived article, found empty input",
            |w| matches!(w, Warning::EmptyInput),
        ),
        (
            "only white space",
            " \n\n ".into(),
            "line 1, byte 0: expected an archived article, found empty input",
            |w| matches!(w, Warning::EmptyInput),
        ),
        (
            "byte order mark",
            file("\u{feff}<!--1677087543000-->\n[T](https://a.example/x)\n------\n\n"),
            "line 1, byte 0: expected the timestamp comment at the start, found a byte order mark (U+FEFF)",
            |w| matches!(w, Warning::ByteOrderMark),
        ),
        (
            "CRLF line endings",
            file("<!--1677087543000-->\r\n[T](https://a.example/x)\r\n------\r\n\r\n"),
            "line 1, byte 0: expected lines ending in LF, found CRLF",
            |w| matches!(w, Warning::CrLf),
        ),
        (
            "NaN timestamp",
            file("<!--NaN-->\n[T](https://a.example/x)\n------\n\n"),
            "line 1, byte 0: expected epoch milliseconds in the timestamp comment, found `NaN`",
            |w| matches!(w, Warning::TimestampNaN),
        ),
        (
            "timestamp not digits",
            file("<!--2023-02-22-->\n[T](https://a.example/x)\n------\n\n"),
            "line 1, byte 0: expected epoch milliseconds (digits) in the timestamp comment, found `2023-02-22`",
            |w| matches!(w, Warning::InvalidTimestamp { .. }),
        ),
        (
            "timestamp beyond i64",
            file("<!--99999999999999999999-->\n[T](https://a.example/x)\n------\n\n"),
            "line 1, byte 0: expected epoch milliseconds within the range of dates, found `99999999999999999999`",
            |w| matches!(w, Warning::TimestampOutOfRange { .. }),
        ),
        (
            "timestamp beyond chrono's dates",
            file("<!--9999999999999999-->\n[T](https://a.example/x)\n------\n\n"),
            "line 1, byte 0: expected epoch milliseconds within the range of dates, found `9999999999999999`",
            |w| matches!(w, Warning::TimestampOutOfRange { .. }),
        ),
        (
            "10-digit seconds",
            file("<!--1677087543-->\n[T](https://a.example/x)\n------\n\n"),
            "line 1, byte 0: expected epoch milliseconds, found `1677087543`, which looks like seconds",
            |w| matches!(w, Warning::TimestampInSeconds { .. }),
        ),
        (
            "no timestamp line",
            file("[T](https://a.example/x)\n------\n\n"),
            "line 1, byte 0: expected a timestamp comment like `<!--1677087543000-->`, found `[T](https://a.example/x)`",
            |w| matches!(w, Warning::MissingTimestamp { .. }),
        ),
        (
            "wrong order",
            file("[T](https://a.example/x)\n<!--1677087543000-->\n------\n\n"),
            "line 2, byte 25: expected the timestamp comment before the title link, found it after",
            |w| matches!(w, Warning::HeaderOutOfOrder),
        ),
        (
            "title line without link",
            file("<!--1677087543000-->\n只有标题没有链接\n------\n\n"),
            "line 2, byte 21: expected a title link like `[title](https://…)`, found `只有标题没有链接`",
            |w| matches!(w, Warning::MissingTitleLink { .. }),
        ),
        (
            "no title line",
            file("<!--1677087543000-->\n------\n\n"),
            "line 2, byte 21: expected a title link like `[title](https://…)`, found `------`",
            |w| matches!(w, Warning::MissingTitleLink { .. }),
        ),
        (
            "empty title",
            file("<!--1677087543000-->\n[](https://a.example/x)\n------\n\n"),
            "line 2, byte 21: expected a title between the brackets, found an empty title",
            |w| matches!(w, Warning::EmptyTitle),
        ),
        (
            "title over two lines",
            file("<!--1677087543000-->\n[第一行\n第二行](https://a.example/x)\n------\n\n"),
            "line 2, byte 21: expected the title link on one line, found it on 2 lines",
            |w| matches!(w, Warning::MultilineTitle { lines: 2 }),
        ),
        (
            "link without scheme",
            file("<!--1677087543000-->\n[T](www.example.com/a)\n------\n\n"),
            "line 2, byte 21: expected an absolute URL in the title link, found `www.example.com/a` (relative URL without a base)",
            |w| matches!(w, Warning::InvalidUrl { .. }),
        ),
        (
            "link with bad port",
            file("<!--1677087543000-->\n[T](https://a.example:99999/)\n------\n\n"),
            "line 2, byte 21: expected an absolute URL in the title link, found `https://a.example:99999/` (invalid port number)",
            |w| matches!(w, Warning::InvalidUrl { .. }),
        ),
        (
            "missing separator",
            file("<!--1677087543000-->\n[T](https://a.example/x)\n\n"),
            "line 3, byte 46: expected the separator line `------`, found an empty line",
            |w| matches!(w, Warning::MissingSeparator { .. }),
        ),
        (
            "missing blank line",
            file("<!--1677087543000-->\n[T](https://a.example/x)\n------\n"),
            "line 4, byte 53: expected an empty line after `------`, found `<p>正文。</p>`",
            |w| matches!(w, Warning::MissingBlankLine { .. }),
        ),
        (
            "missing body",
            "<!--1677087543000-->\n[T](https://a.example/x)\n------\n\n".into(),
            "line 5, byte 54: expected the article's HTML body after the header, found nothing",
            |w| matches!(w, Warning::MissingBody),
        ),
        (
            "date line without date",
            "<!--1677087543000-->\n[T](https://a.example/x)\n------\n\n<div><i>null 邹某某</i></div><p>正文。</p>".into(),
            "line 5, byte 54: expected a date in the body's date line, found `null 邹某某`",
            |w| matches!(w, Warning::UndatedBody { .. }),
        ),
        (
            "unreadable date",
            "<!--1677087543000-->\n[T](https://a.example/x)\n------\n\n<div><i>作者<br>2023-13-45T99:00:00Z</i></div><p>正文。</p>".into(),
            "line 5, byte 54: expected a date in a known format, found `2023-13-45T99:00:00Z`",
            |w| matches!(w, Warning::UnreadableDate { .. }),
        ),
        (
            "glued tag",
            "<!--1677087543000-->\n[T](https://a.example/x)\n------\n\n<p>正文。</p><imgsrc=\"data:x\" srcset=\"https://a.example/a.jpg\">".into(),
            "line 5, byte 54: expected a space between a tag name and its attributes, found `<imgsrc=\"data:x\"`",
            |w| matches!(w, Warning::GluedTag { .. }),
        ),
    ]
}

#[test]
fn strict_errors_name_expected_found_and_where() {
    for (name, input, message, kind) in table() {
        let err = Options::new().parse_strict(&input).unwrap_err();
        assert_eq!(err.to_string(), message, "{name}");
        assert!(kind(err.kind()), "{name}: {:?}", err.kind());
        // The lenient parse reports the same problem first, and succeeds.
        let article = parse_article(&input);
        assert!(
            article.warnings.first().is_some_and(kind),
            "{name}: {:?}",
            article.warnings
        );
        assert_eq!(Options::new().parse(&input), article, "{name}");
    }
}

#[test]
fn lenient_parse_recovers_what_it_can() {
    let crlf = parse_article(
        "<!--1677087543000-->\r\n[标题](https://a.example/x)\r\n------\r\n\r\n<p>正文。</p>\r\n",
    );
    assert_eq!(crlf.title, "标题");
    assert_eq!(crlf.url.as_ref().unwrap().as_str(), "https://a.example/x");
    assert_eq!(crlf.paragraphs().next().unwrap().text, "正文。");

    let bom = parse_article(
        "\u{feff}<!--1677087543000-->\n[标题](https://a.example/x)\n------\n\n<p>正文。</p>",
    );
    assert_eq!(bom.timestamp.unwrap().timestamp_millis(), 1677087543000);
    assert_eq!(bom.title, "标题");

    let nan = parse_article("<!--NaN-->\n[标题](https://a.example/x)\n------\n\n<p>正文。</p>");
    assert!(nan.timestamp.is_none());
    assert_eq!(nan.title, "标题");

    let seconds = parse_article("<!--1677087543-->\n[T](https://a.example/x)\n------\n\n<p>x</p>");
    assert_eq!(seconds.timestamp.unwrap().timestamp(), 1677087543);

    let no_scheme = parse_article(
        "<!--1677087543000-->\n[T](www.example.com/a)\n------\n\n<p><a href=\"/b\">b</a></p>",
    );
    assert!(no_scheme.url.is_none());
    assert_eq!(
        no_scheme.links[0].href, "/b",
        "without a base, a relative link stays as written"
    );

    let bare = parse_article("<p>只有正文</p>");
    assert_eq!(bare.paragraphs().next().unwrap().text, "只有正文");
    assert_eq!(bare.warnings.len(), 3, "{:?}", bare.warnings);
}

#[test]
fn well_formed_input_is_accepted_by_both() {
    let input = "<!--1677087543000-->\n[标题](https://a.example/x)\n------\n\n<div><i>Wed, 22 Feb 2023 17:22:43 GMT</i></div><p>正文。</p>\n";
    let strict = Options::new().parse_strict(input).unwrap();
    assert_eq!(strict, parse_article(input));
    assert!(strict.warnings.is_empty());
}

/// One warning of every kind: `name()` is snake case, unique, and the
/// `kind` serde writes.
#[test]
fn every_warning_has_a_stable_name_equal_to_its_serde_kind() {
    let s = || "x".to_owned();
    let all = [
        Warning::EmptyInput,
        Warning::ByteOrderMark,
        Warning::CrLf,
        Warning::MissingTimestamp { found: s() },
        Warning::TimestampNaN,
        Warning::InvalidTimestamp { found: s() },
        Warning::TimestampOutOfRange { found: s() },
        Warning::TimestampInSeconds { found: s() },
        Warning::HeaderOutOfOrder,
        Warning::BlankLineInHeader,
        Warning::MissingTitleLink { found: s() },
        Warning::MultilineTitle { lines: 2 },
        Warning::EmptyTitle,
        Warning::InvalidUrl {
            found: s(),
            reason: s(),
        },
        Warning::ControlCharacter { code: 1 },
        Warning::MissingSeparator { found: s() },
        Warning::MissingBlankLine { found: s() },
        Warning::MissingBody,
        Warning::UndatedBody { found: s() },
        Warning::UnreadableDate { found: s() },
        Warning::NestingLimit {
            limit: 1,
            dropped: 1,
        },
        Warning::AttributeLimit {
            limit: 1,
            dropped: 1,
        },
        Warning::GluedTag { found: s() },
        Warning::ResolutionLimit { limit: 1, kept: 1 },
    ];
    let mut names = std::collections::BTreeSet::new();
    for warning in &all {
        let name = warning.name();
        assert!(
            name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{name}"
        );
        assert!(names.insert(name), "{name} twice");
        let json = serde_json::to_value(warning).unwrap();
        assert_eq!(json["kind"], name, "{warning:?}");
    }
}

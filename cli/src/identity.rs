//! Who an entry is: its outlet, folder, id and title, read from the
//! archive's layout `articles/<folder>/…/<id>[_<title>].md`.

/// The outlets' canonical codes and the other names their folders have
/// had. The 2020 archive named folders in Chinese (and `BBC` in capitals);
/// later ones use the codes.
const OUTLETS: &[(&str, &[&str])] = &[
    ("bbc", &["BBC"]),
    ("reuters", &["路透"]),
    ("ft", &["金融时报"]),
    ("dw", &["德国之声"]),
    ("rfi", &["法广"]),
    ("nyt", &["纽约时报"]),
    ("voa", &["美国之音"]),
    ("rfa", &["自由亚洲电台"]),
    ("cdt", &["中国数字时代"]),
];

/// The canonical code of a folder under `articles/`, when it is a known
/// outlet: a code in any case (`BBC`, `Voa`) or a 2020 name (`美国之音`).
pub fn canonical_outlet(folder: &str) -> Option<&'static str> {
    OUTLETS.iter().find_map(|(code, names)| {
        (folder.eq_ignore_ascii_case(code) || names.contains(&folder)).then_some(*code)
    })
}

/// The identity the layout gives one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identity {
    /// The canonical outlet code, or the folder as written when it is no
    /// known outlet; `None` when the file sits in no folder.
    pub outlet: Option<String>,
    /// Whether `outlet` is a known code (rather than a folder kept as is).
    pub known: bool,
    /// The folder under `articles/` as written.
    pub folder: Option<String>,
    /// The number before `_` (or before `.md`) in the file name.
    pub id: Option<i64>,
    /// What follows `_` in the file name, as written (spaces kept).
    pub file_title: Option<String>,
}

/// Reads the identity from a path relative to the archive root, written
/// with `/` (`articles/美国之音/1045742_白宫要义.md`). Without an
/// `articles/` component the first folder of the path stands for the
/// outlet's folder.
pub fn identify(path: &str) -> Identity {
    let parts: Vec<&str> = path.split('/').collect();
    let (folders, name) = match parts.split_last() {
        Some((name, folders)) => (folders, *name),
        None => (&[][..], path),
    };
    let folder = match folders {
        ["articles", folder, ..] => Some(*folder),
        [first, ..] if *first != "articles" => Some(*first),
        _ => None,
    };
    let outlet = folder.map(|f| canonical_outlet(f).map_or_else(|| f.to_owned(), str::to_owned));
    let known = folder.is_some_and(|f| canonical_outlet(f).is_some());
    let (id, file_title) = id_and_title(name);
    Identity {
        outlet,
        known,
        folder: folder.map(str::to_owned),
        id,
        file_title,
    }
}

/// `1045742_白宫要义.md` → (1045742, `白宫要义`); `1048500.md` → (1048500,
/// none); a name that does not start with a number gives neither.
fn id_and_title(name: &str) -> (Option<i64>, Option<String>) {
    let stem = match name.len().checked_sub(3) {
        Some(cut) if name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(".md") => {
            &name[..cut]
        }
        _ => name,
    };
    let (number, title) = match stem.split_once('_') {
        Some((number, title)) => (number, Some(title)),
        None => (stem, None),
    };
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return (None, None);
    }
    match number.parse::<i64>() {
        Ok(id) => (Some(id), title.filter(|t| !t.is_empty()).map(str::to_owned)),
        Err(_) => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_map_to_codes() {
        let id = identify("articles/美国之音/1045742_白宫要义: 特朗普.md");
        assert_eq!(id.outlet.as_deref(), Some("voa"));
        assert_eq!(id.folder.as_deref(), Some("美国之音"));
        assert_eq!(id.id, Some(1045742));
        assert_eq!(id.file_title.as_deref(), Some("白宫要义: 特朗普"));
        assert!(id.known);

        let id = identify("articles/BBC/1.md");
        assert_eq!(id.outlet.as_deref(), Some("bbc"));
        assert_eq!(id.file_title, None);

        let id = identify("articles/voa/2025/02/1038000.md");
        assert_eq!(id.outlet.as_deref(), Some("voa"));
        assert_eq!(id.id, Some(1038000));

        let id = identify("articles/someone/x.md");
        assert_eq!(id.outlet.as_deref(), Some("someone"));
        assert!(!id.known);
        assert_eq!((id.id, id.file_title), (None, None));

        assert_eq!(identify("1.md").folder, None);
        assert_eq!(identify("dw/7_a_b.MD").file_title.as_deref(), Some("a_b"));
    }
}

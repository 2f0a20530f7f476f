//! Inputs as people have them: an archive folder (the one holding
//! `articles/`, or any folder below it), a GitHub download (`.zip`,
//! `.tar.gz`) read without unpacking, or one file. Each input yields its
//! entries in batches: a file to parse, or an entry skipped with its
//! reason. Paths are relative to the archive root (the folder holding
//! `articles/`), written with `/`, whatever was passed.

use std::ffi::OsStr;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::Fatal;

/// The largest entry read: news articles are kilobytes, and a larger entry
/// (a zip bomb, a misplaced dump) would only cost memory.
pub const MAX_ENTRY_BYTES: u64 = 64 << 20;

/// Why an entry was not converted. The names are stable: they are what
/// `--errors` and the summary print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// Not a `.md` file.
    NotMarkdown,
    /// A `README.md` (any case): the archive's own documentation.
    Readme,
    /// A FIFO, socket or device: never opened, so a FIFO cannot block.
    NotRegularFile,
    /// A symbolic link, not followed (`--follow-symlinks` follows them).
    Symlink,
    /// A symbolic link back to a folder being walked.
    SymlinkLoop,
    /// In a zip or tar download but outside its `articles/` folder.
    OutsideArticles,
    /// A path with `..` or `.` components, which could escape an output
    /// folder.
    UnsafePath,
    /// Larger than [`MAX_ENTRY_BYTES`].
    TooLarge,
    /// The file could not be read (permissions, a dangling link, I/O).
    Unreadable,
    /// The content is not UTF-8.
    NotUtf8,
    /// UTF-8, but not an archived article (empty, header cut off).
    NotAnArticle,
    /// `--strict`: the file departs from the format.
    Strict,
    /// Its output file exists already: another entry of the same input
    /// maps to it (Markdown and text output never overwrite).
    Collision,
}

impl Reason {
    /// The reason's stable snake-case name.
    pub fn name(self) -> &'static str {
        match self {
            Reason::NotMarkdown => "not_markdown",
            Reason::Readme => "readme",
            Reason::NotRegularFile => "not_regular_file",
            Reason::Symlink => "symlink",
            Reason::SymlinkLoop => "symlink_loop",
            Reason::OutsideArticles => "outside_articles",
            Reason::UnsafePath => "unsafe_path",
            Reason::TooLarge => "too_large",
            Reason::Unreadable => "unreadable",
            Reason::NotUtf8 => "not_utf8",
            Reason::NotAnArticle => "not_an_article",
            Reason::Strict => "strict",
            Reason::Collision => "collision",
        }
    }

    /// Whether the entry counts as a failed file (exit status 1): it looked
    /// like an article and could not be converted. The others are entries
    /// an archive is expected to hold beside its articles.
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            Reason::SymlinkLoop
                | Reason::TooLarge
                | Reason::Unreadable
                | Reason::NotUtf8
                | Reason::NotAnArticle
                | Reason::Strict
                | Reason::Collision
        )
    }
}

/// What an entry to parse holds: a file to read (on a worker thread) or
/// bytes already read out of a zip or tar download.
pub enum Content {
    /// A file on disk.
    File(PathBuf),
    /// An entry's bytes.
    Bytes(Vec<u8>),
}

/// One entry of an input.
pub enum Item {
    /// A Markdown file to parse.
    Entry {
        /// The path relative to the archive root.
        path: String,
        /// Its bytes, or where to read them.
        content: Content,
    },
    /// An entry not converted.
    Skip(Skip),
}

/// An entry not converted, and why.
#[derive(Clone, Debug)]
pub struct Skip {
    /// The path relative to the archive root (or to the input, for an
    /// entry outside the archive's layout).
    pub path: String,
    /// Why.
    pub reason: Reason,
    /// The underlying error, when there is one.
    pub detail: Option<String>,
}

/// What kind of input a path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Dir,
    Zip,
    TarGz,
    /// Paths read from `--files-from`.
    List,
}

fn kind_of(path: &Path, is_file: bool) -> Kind {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if !is_file {
        Kind::Dir
    } else if name.ends_with(".zip") {
        Kind::Zip
    } else if name.ends_with(".tar.gz") || name.ends_with(".tgz") {
        Kind::TarGz
    } else {
        Kind::Dir
    }
}

/// One input of the run.
#[derive(Debug)]
pub struct Source {
    /// The input as given on the command line: the `source` column.
    pub label: String,
    path: PathBuf,
    kind: Kind,
    listed: Vec<PathBuf>,
}

/// Which share of the entries a run converts: `--shard K/N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// 1 to `count`.
    pub index: u64,
    /// How many shards there are.
    pub count: u64,
}

impl Shard {
    /// Whether the entry at `path` (relative to the archive root) is this
    /// shard's. The share depends on the path alone, so every machine, and
    /// every fork, puts an item in the same shard.
    pub fn holds(self, path: &str) -> bool {
        let digest = Sha256::digest(path.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) % self.count == self.index - 1
    }
}

/// `K/N` with 1 ≤ K ≤ N.
pub fn parse_shard(text: &str) -> Result<Shard, String> {
    let (k, n) = text
        .split_once('/')
        .ok_or_else(|| format!("expected K/N (such as 1/4), found `{text}`"))?;
    let index: u64 = k
        .trim()
        .parse()
        .map_err(|_| format!("expected a number before `/`, found `{k}`"))?;
    let count: u64 = n
        .trim()
        .parse()
        .map_err(|_| format!("expected a number after `/`, found `{n}`"))?;
    if count == 0 || index == 0 || index > count {
        return Err(format!("expected 1 ≤ K ≤ N, found {index}/{count}"));
    }
    Ok(Shard { index, count })
}

impl Source {
    /// Recognises an input: a folder or file, a `.zip`, a `.tar.gz`/`.tgz`.
    ///
    /// # Errors
    ///
    /// [`Fatal::Io`] when the path does not exist.
    pub fn open(path: &Path) -> Result<Source, Fatal> {
        let meta =
            std::fs::metadata(path).map_err(|e| Fatal::Io(format!("{}: {e}", path.display())))?;
        let kind = kind_of(path, !meta.is_dir());
        Ok(Source {
            label: path.display().to_string(),
            path: path.to_path_buf(),
            kind,
            listed: Vec::new(),
        })
    }

    /// One input made of the paths (files, folders or downloads) listed in
    /// `--files-from`; `label` names it in the `source` column.
    pub fn list(label: String, listed: Vec<PathBuf>) -> Source {
        Source {
            label,
            path: PathBuf::new(),
            kind: Kind::List,
            listed,
        }
    }

    /// The paths on disk this input reads: itself, or what it lists.
    pub fn paths(&self) -> Vec<&Path> {
        if self.kind == Kind::List {
            self.listed.iter().map(PathBuf::as_path).collect()
        } else {
            vec![&self.path]
        }
    }

    /// Feeds the input's entries to `each`, `batch` at a time, in a stable
    /// order (folders and zips by name, tar downloads in archive order),
    /// keeping only `shard`'s.
    ///
    /// # Errors
    ///
    /// [`Fatal::Io`] when the input itself cannot be read (a corrupt zip),
    /// and whatever `each` returns.
    pub fn for_each_batch(
        &self,
        follow_symlinks: bool,
        shard: Option<Shard>,
        batch: usize,
        each: &mut dyn FnMut(Vec<Item>) -> Result<(), Fatal>,
    ) -> Result<(), Fatal> {
        let mut batcher = Batcher {
            items: Vec::with_capacity(batch),
            batch,
            shard,
            each,
        };
        match self.kind {
            Kind::Dir => walk_dir(&self.path, follow_symlinks, &mut batcher)?,
            Kind::Zip => walk_zip(&self.path, &mut batcher)?,
            Kind::TarGz => walk_tar(&self.path, &mut batcher)?,
            Kind::List => {
                for path in &self.listed {
                    // A listed path that is missing is an entry that
                    // failed, not the end of the run.
                    if let Err(e) = std::fs::metadata(path) {
                        batcher.push(skip(
                            path.display().to_string(),
                            Reason::Unreadable,
                            Some(e.to_string()),
                        ))?;
                        continue;
                    }
                    match kind_of(path, true) {
                        Kind::Zip => walk_zip(path, &mut batcher)?,
                        Kind::TarGz => walk_tar(path, &mut batcher)?,
                        _ => walk_dir(path, follow_symlinks, &mut batcher)?,
                    }
                }
            }
        }
        batcher.flush()
    }
}

fn walk_dir(input: &Path, follow: bool, out: &mut Batcher<'_>) -> Result<(), Fatal> {
    let is_file = input.is_file();
    let base = if is_file {
        input.parent().unwrap_or(Path::new(".")).to_path_buf()
    } else {
        input.to_path_buf()
    };
    // The path from the archive root down to `base`: `articles/voa`
    // when the input is `…/articles/voa`, nothing when it is the root.
    let canonical = std::fs::canonicalize(if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &base
    })
    .map_err(|e| Fatal::Io(format!("{}: {e}", input.display())))?;
    let names: Vec<String> = canonical
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name_to_string(name)),
            _ => None,
        })
        .collect();
    let mut walk_root = input.to_path_buf();
    let prefix: Vec<String> = if !is_file && base.join("articles").is_dir() {
        // The archive root itself: its articles are under `articles/`,
        // the rest (README, workflows, .git) is no entry of the archive.
        // Checked first, so a clone kept in some `…/articles/` folder of
        // its own is still read from its root.
        walk_root = base.join("articles");
        vec!["articles".to_owned()]
    } else {
        match names.iter().rposition(|n| n == "articles") {
            Some(at) => names[at..].to_vec(),
            None => Vec::new(),
        }
    };
    let strip = if is_file {
        base.clone()
    } else {
        walk_root.clone()
    };
    let relative = |p: &Path| -> String {
        let mut parts = prefix.clone();
        if let Ok(rest) = p.strip_prefix(&strip) {
            parts.extend(rest.components().filter_map(|c| match c {
                Component::Normal(name) => Some(name_to_string(name)),
                _ => None,
            }));
        }
        parts.join("/")
    };

    let walker = walkdir::WalkDir::new(&walk_root)
        .follow_links(follow)
        .sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().map(&relative).unwrap_or_default();
                let reason = if error.loop_ancestor().is_some() {
                    Reason::SymlinkLoop
                } else {
                    Reason::Unreadable
                };
                out.push(skip(path, reason, Some(error.to_string())))?;
                continue;
            }
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        let path = relative(entry.path());
        if kind.is_symlink() {
            // Not followed (or, when following, dangling).
            let reason = if follow {
                Reason::Unreadable
            } else {
                Reason::Symlink
            };
            out.push(skip(path, reason, None))?;
            continue;
        }
        if let Some(reason) = file_reason(kind.is_file(), &path) {
            out.push(skip(path, reason, None))?;
            continue;
        }
        out.push(Item::Entry {
            path,
            content: Content::File(entry.into_path()),
        })?;
    }
    Ok(())
}

fn walk_zip(input: &Path, out: &mut Batcher<'_>) -> Result<(), Fatal> {
    let io = |e: &dyn std::fmt::Display| Fatal::Io(format!("{}: {e}", input.display()));
    let file = File::open(input).map_err(|e| io(&e))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| io(&e))?;
    let mut names = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| io(&e))?;
        if entry.is_dir() {
            continue;
        }
        // The name as stored: UTF-8 when flagged so, else bytes kept
        // apart by `bytes_to_string`.
        let name = bytes_to_string(entry.name_raw());
        names.push((name, i, entry.is_symlink(), entry.size()));
    }
    names.sort();
    for (name, index, symlink, size) in names {
        let Some(path) = archive_path(&name) else {
            out.push(skip(name, Reason::OutsideArticles, None))?;
            continue;
        };
        let path = match path {
            Ok(path) => path,
            Err(reason) => {
                out.push(skip(name, reason, None))?;
                continue;
            }
        };
        if !out.wants(&path) {
            continue;
        }
        if symlink {
            out.push(skip(path, Reason::Symlink, None))?;
            continue;
        }
        if let Some(reason) = name_reason(&path) {
            out.push(skip(path, reason, None))?;
            continue;
        }
        if size > MAX_ENTRY_BYTES {
            out.push(skip(path, Reason::TooLarge, Some(format!("{size} bytes"))))?;
            continue;
        }
        let mut bytes = Vec::new();
        let read = zip
            .by_index(index)
            .map_err(|e| e.to_string())
            .and_then(|entry| {
                entry
                    .take(MAX_ENTRY_BYTES + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| e.to_string())
            });
        match read {
            Ok(_) if bytes.len() as u64 > MAX_ENTRY_BYTES => {
                out.push(skip(path, Reason::TooLarge, None))?
            }
            Ok(_) => out.push(Item::Entry {
                path,
                content: Content::Bytes(bytes),
            })?,
            Err(e) => out.push(skip(path, Reason::Unreadable, Some(e)))?,
        }
    }
    Ok(())
}

fn walk_tar(input: &Path, out: &mut Batcher<'_>) -> Result<(), Fatal> {
    let io = |e: &dyn std::fmt::Display| Fatal::Io(format!("{}: {e}", input.display()));
    let file = File::open(input).map_err(|e| io(&e))?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(BufReader::new(file)));
    for entry in tar.entries().map_err(|e| io(&e))? {
        let mut entry = entry.map_err(|e| io(&e))?;
        let kind = entry.header().entry_type();
        if kind.is_dir() || kind.is_pax_global_extensions() || kind.is_pax_local_extensions() {
            continue;
        }
        let name = bytes_to_string(&entry.path_bytes());
        let path = match archive_path(&name) {
            None => {
                out.push(skip(name, Reason::OutsideArticles, None))?;
                continue;
            }
            Some(Err(reason)) => {
                out.push(skip(name, reason, None))?;
                continue;
            }
            Some(Ok(path)) => path,
        };
        if !out.wants(&path) {
            continue;
        }
        if kind.is_symlink() || kind.is_hard_link() {
            out.push(skip(path, Reason::Symlink, None))?;
            continue;
        }
        if let Some(reason) = file_reason(kind.is_file(), &path) {
            out.push(skip(path, reason, None))?;
            continue;
        }
        let mut bytes = Vec::new();
        match (&mut entry)
            .take(MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut bytes)
        {
            Ok(_) if bytes.len() as u64 > MAX_ENTRY_BYTES => {
                out.push(skip(path, Reason::TooLarge, None))?
            }
            Ok(_) => out.push(Item::Entry {
                path,
                content: Content::Bytes(bytes),
            })?,
            // A read error inside a gzip stream leaves the rest
            // unreadable: report the entry, then the input.
            Err(e) => {
                out.push(skip(path, Reason::Unreadable, Some(e.to_string())))?;
                return Err(io(&e));
            }
        }
    }
    Ok(())
}

/// Collects items into batches, dropping other shards' entries.
struct Batcher<'a> {
    items: Vec<Item>,
    batch: usize,
    shard: Option<Shard>,
    each: &'a mut dyn FnMut(Vec<Item>) -> Result<(), Fatal>,
}

impl Batcher<'_> {
    fn wants(&self, path: &str) -> bool {
        self.shard.is_none_or(|s| s.holds(path))
    }

    fn push(&mut self, item: Item) -> Result<(), Fatal> {
        let path = match &item {
            Item::Entry { path, .. } => path,
            Item::Skip(s) => &s.path,
        };
        if !self.wants(path) {
            return Ok(());
        }
        self.items.push(item);
        if self.items.len() >= self.batch {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Fatal> {
        if self.items.is_empty() {
            return Ok(());
        }
        let items = std::mem::replace(&mut self.items, Vec::with_capacity(self.batch));
        (self.each)(items)
    }
}

fn skip(path: String, reason: Reason, detail: Option<String>) -> Item {
    Item::Skip(Skip {
        path,
        reason,
        detail,
    })
}

/// Why a file with this path is no article, judged by its name.
/// Why an entry that is no symbolic link is skipped: not a regular file,
/// or a name that is no article's.
fn file_reason(is_file: bool, path: &str) -> Option<Reason> {
    if is_file {
        name_reason(path)
    } else {
        Some(Reason::NotRegularFile)
    }
}

fn name_reason(path: &str) -> Option<Reason> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    if !ext.eq_ignore_ascii_case("md") {
        Some(Reason::NotMarkdown)
    } else if stem.eq_ignore_ascii_case("readme") {
        Some(Reason::Readme)
    } else {
        None
    }
}

/// The path of a zip or tar entry relative to the archive root: from its
/// first `articles` component on (GitHub's downloads put everything under
/// `news-master/`). `None` outside `articles/`; an error for `..` or `.`.
fn archive_path(name: &str) -> Option<Result<String, Reason>> {
    let parts: Vec<&str> = name.split('/').filter(|p| !p.is_empty()).collect();
    let at = parts.iter().position(|p| *p == "articles")?;
    let rest = &parts[at..];
    if rest.iter().any(|p| *p == ".." || *p == ".") {
        return Some(Err(Reason::UnsafePath));
    }
    Some(Ok(rest.join("/")))
}

/// A file name as text. A name that is not UTF-8 keeps its valid parts and
/// writes each other byte as `%XX`: two such names stay apart (only a name
/// that spells `%FF` itself could meet one, and file outputs refuse to
/// write a path twice).
pub fn name_to_string(name: &OsStr) -> String {
    bytes_to_string(name.as_encoded_bytes())
}

fn bytes_to_string(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            let mut out = String::with_capacity(bytes.len() + 8);
            for chunk in bytes.utf8_chunks() {
                out.push_str(chunk.valid());
                for b in chunk.invalid() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_every_path_once() {
        let shards: Vec<Shard> = (1..=3)
            .map(|k| parse_shard(&format!("{k}/3")).unwrap())
            .collect();
        for i in 0..200 {
            let path = format!("articles/voa/{i}.md");
            assert_eq!(shards.iter().filter(|s| s.holds(&path)).count(), 1);
        }
        assert!(parse_shard("0/3").is_err());
        assert!(parse_shard("4/3").is_err());
        assert!(parse_shard("x").is_err());
    }

    #[test]
    fn archive_paths_start_at_articles() {
        assert_eq!(
            archive_path("news-master/articles/voa/1.md"),
            Some(Ok("articles/voa/1.md".to_owned()))
        );
        assert_eq!(archive_path("news-master/README.md"), None);
        assert_eq!(
            archive_path("x/articles/../../etc/passwd.md"),
            Some(Err(Reason::UnsafePath))
        );
        assert_eq!(name_reason("articles/README.MD"), Some(Reason::Readme));
        assert_eq!(name_reason("articles/voa/a.txt"), Some(Reason::NotMarkdown));
        assert_eq!(name_reason("articles/voa/1.md"), None);
    }

    #[test]
    fn non_utf8_names_stay_apart() {
        assert_eq!(bytes_to_string(b"a\xffb"), "a%FFb");
        assert_ne!(bytes_to_string(b"a\xff"), bytes_to_string(b"a\xfe"));
    }
}

//! A real-layout archive built at test time from the corpus's
//! `MANIFEST.tsv` (repository, commit, original path): each repository a
//! fork folder holding `articles/<folder>/<name>.md`, with the 2020 folder
//! names and title-suffixed names as they were. Nothing of the archive is
//! copied into the repository.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One corpus file: where it is under the corpus and where it was.
#[derive(Clone, Debug)]
pub struct CorpusFile {
    /// Under the corpus folder.
    pub stored: PathBuf,
    /// `owner/name`.
    pub repo: String,
    /// `articles/<folder>/<name>.md`.
    pub original: String,
}

/// The corpus folder: `NEWSARCHIVE_CORPUS`, else `../shared/corpus` beside
/// the repository (the library's tests look in the same place). `None`
/// (the test skips) when absent; under `CI` its absence fails.
pub fn corpus() -> Option<(PathBuf, Vec<CorpusFile>)> {
    let dir = std::env::var_os("NEWSARCHIVE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    let manifest = dir.join("MANIFEST.tsv");
    if !manifest.is_file() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but there is no ../shared/corpus/MANIFEST.tsv (nor NEWSARCHIVE_CORPUS)"
        );
        eprintln!("skipped: no ../shared/corpus/MANIFEST.tsv and NEWSARCHIVE_CORPUS not set");
        return None;
    }
    let text = fs::read_to_string(&manifest).unwrap();
    let mut files = Vec::new();
    let mut header: Option<Vec<String>> = None;
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let Some(columns) = &header else {
            header = Some(cells.iter().map(|c| c.to_string()).collect());
            continue;
        };
        let at = |name: &str| columns.iter().position(|c| c == name).unwrap();
        files.push(CorpusFile {
            stored: dir.join(cells[at("path")]),
            repo: cells[at("repo")].to_owned(),
            original: cells[at("original_path")].to_owned(),
        });
    }
    assert!(!files.is_empty(), "MANIFEST.tsv lists no files");
    Some((dir, files))
}

/// The fork folder name of a repository: `duty-machine/news` →
/// `duty-machine-news`.
pub fn fork_name(repo: &str) -> String {
    repo.replace('/', "-")
}

/// Builds `root/<fork>/articles/…` for every manifest row; returns the
/// fork folders, sorted.
pub fn build_tree(root: &Path, files: &[CorpusFile]) -> Vec<PathBuf> {
    let mut forks = Vec::new();
    for file in files {
        let fork = root.join(fork_name(&file.repo));
        let target = fork.join(&file.original);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(&file.stored, &target).unwrap();
        if !forks.contains(&fork) {
            forks.push(fork);
        }
    }
    forks.sort();
    forks
}

/// Every regular file under `dir`, as (path relative to `dir` with `/`,
/// bytes), sorted.
fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap();
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push((rel.join("/"), fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A GitHub-style download of `fork` as a zip: every entry under
/// `<top>/`, a README beside `articles/`.
pub fn zip_of(fork: &Path, top: &str, out: &Path) {
    let file = fs::File::create(out).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.add_directory(format!("{top}/"), options).unwrap();
    zip.start_file(format!("{top}/README.md"), options).unwrap();
    zip.write_all(b"# news\n").unwrap();
    for (rel, bytes) in files_under(fork) {
        zip.start_file(format!("{top}/{rel}"), options).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// The same as a `.tar.gz`.
pub fn tar_gz_of(fork: &Path, top: &str, out: &Path) {
    let file = fs::File::create(out).unwrap();
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    let mut add = |name: &str, bytes: &[u8]| {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes).unwrap();
    };
    add(&format!("{top}/README.md"), b"# news\n");
    for (rel, bytes) in files_under(fork) {
        add(&format!("{top}/{rel}"), &bytes);
    }
    tar.into_inner().unwrap().finish().unwrap();
}

/// The header of an archive file as a reader would take it: (epoch ms,
/// title) from `<!--ms-->` and `[title](url)`.
pub fn header(bytes: &[u8]) -> (Option<i64>, String) {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    let ms = lines
        .next()
        .and_then(|l| l.trim().strip_prefix("<!--"))
        .and_then(|l| l.strip_suffix("-->"))
        .and_then(|n| n.parse().ok());
    let title = lines
        .next()
        .and_then(|l| l.trim().strip_prefix('['))
        .and_then(|l| l.rfind("](").map(|at| l[..at].trim().to_owned()))
        .unwrap_or_default();
    (ms, title)
}

//! What a run saw: files, outlets, dates, warnings, duplicates and skipped
//! entries. `stats` prints it on stdout; `convert` on stderr at the end.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use newsarchive::chrono::{DateTime, Utc};
use serde::Serialize;

use crate::input::Skip;
use crate::record::Record;

/// The counts of a run.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Articles and failed entries.
    pub files: u64,
    /// Articles parsed.
    pub articles: u64,
    /// Rows written (articles less duplicates dropped by `--dedup`).
    pub written: u64,
    /// Articles whose content hash an earlier article had.
    pub duplicates: u64,
    /// Of those, dropped by `--dedup`.
    pub dropped_duplicates: u64,
    /// Entries that looked like articles and could not be converted.
    pub failed: u64,
    /// Bytes of the parsed files.
    pub bytes: u64,
    /// Rows per input.
    pub sources: BTreeMap<String, u64>,
    /// Articles per outlet (canonical codes, unknown folders as written).
    pub outlets: BTreeMap<String, u64>,
    /// Folders under `articles/` that are no known outlet, with counts.
    pub unknown_folders: BTreeMap<String, u64>,
    /// Folder names as written, with counts (`美国之音` beside `voa`).
    pub folders: BTreeMap<String, u64>,
    /// The earliest header timestamp.
    pub first: Option<DateTime<Utc>>,
    /// The latest header timestamp.
    pub last: Option<DateTime<Utc>>,
    /// Articles without a timestamp.
    pub no_timestamp: u64,
    /// Warnings by kind name.
    pub warnings: BTreeMap<&'static str, u64>,
    /// Skipped entries by reason.
    pub skipped: BTreeMap<&'static str, u64>,
    /// Seconds the run took.
    pub seconds: f64,
}

impl Summary {
    /// Counts a parsed article.
    pub fn article(&mut self, record: &Record, bytes: usize) {
        self.files += 1;
        self.articles += 1;
        self.bytes += bytes as u64;
        *self.sources.entry(record.source.clone()).or_default() += 1;
        let id = &record.identity;
        if let Some(outlet) = &id.outlet {
            *self.outlets.entry(outlet.clone()).or_default() += 1;
            if !id.known {
                *self.unknown_folders.entry(outlet.clone()).or_default() += 1;
            }
        }
        if let Some(folder) = &id.folder {
            *self.folders.entry(folder.clone()).or_default() += 1;
        }
        match record.article.timestamp {
            Some(t) => {
                self.first = Some(self.first.map_or(t, |f| f.min(t)));
                self.last = Some(self.last.map_or(t, |l| l.max(t)));
            }
            None => self.no_timestamp += 1,
        }
        for w in &record.article.warnings {
            *self.warnings.entry(w.name()).or_default() += 1;
        }
    }

    /// Counts a skipped entry.
    pub fn skip(&mut self, skip: &Skip) {
        *self.skipped.entry(skip.reason.name()).or_default() += 1;
        if skip.reason.is_failure() {
            self.failed += 1;
            self.files += 1;
        }
    }

    /// The summary for a person; `converted` when rows were written.
    pub fn to_text(&self, converted: bool) -> String {
        let mut out = String::new();
        let mb = self.bytes as f64 / 1e6;
        let _ = writeln!(
            out,
            "files      {} .md ({} articles, {} failed); {:.1} MB in {:.2} s ({:.0} files/s, {:.1} MB/s)",
            self.files,
            self.articles,
            self.failed,
            mb,
            self.seconds,
            self.files as f64 / self.seconds.max(1e-9),
            mb / self.seconds.max(1e-9)
        );
        if converted {
            let _ = writeln!(
                out,
                "written    {} rows; duplicates {} (dropped {})",
                self.written, self.duplicates, self.dropped_duplicates
            );
        } else {
            let _ = writeln!(
                out,
                "duplicates {} (articles whose content hash an earlier one had)",
                self.duplicates
            );
        }
        if self.sources.len() > 1 {
            let _ = writeln!(out, "sources    {}", join(&self.sources));
        }
        let _ = writeln!(out, "outlets    {}", join(&self.outlets));
        if !self.unknown_folders.is_empty() {
            let _ = writeln!(out, "unknown    {}", join(&self.unknown_folders));
        }
        let when = |t: Option<DateTime<Utc>>| t.map_or("-".to_owned(), |t| t.to_rfc3339());
        let _ = writeln!(
            out,
            "timestamps {} to {} ({} without)",
            when(self.first),
            when(self.last),
            self.no_timestamp
        );
        let _ = writeln!(out, "warnings   {}", join(&self.warnings));
        let _ = writeln!(out, "skipped    {}", join(&self.skipped));
        out
    }
}

fn join<K: std::fmt::Display>(counts: &BTreeMap<K, u64>) -> String {
    if counts.is_empty() {
        return "none".to_owned();
    }
    let mut out = String::new();
    for (i, (key, n)) in counts.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{key} {n}");
    }
    out
}

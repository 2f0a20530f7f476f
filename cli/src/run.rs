//! The pipeline: each input's entries in batches, parsed on every core
//! (rayon), then counted, deduplicated and written in input order on this
//! thread, so output is the same whatever the thread count and memory
//! holds one batch.

use std::collections::HashSet;
use std::fs::File;
use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use newsarchive::{Options, parse_article};
use rayon::prelude::*;
use serde::Serialize;

use crate::Fatal;
use crate::identity::identify;
use crate::input::{Content, Item, MAX_ENTRY_BYTES, Reason, Shard, Skip, Source};
use crate::output::{Format, Sink};
use crate::record::{Record, content_hash};
use crate::summary::Summary;

/// Entries read, then parsed in parallel, at a time.
const BATCH: usize = 512;

/// How a run treats its entries.
pub struct Settings {
    /// Follow symbolic links (loops are detected and skipped).
    pub follow_symlinks: bool,
    /// Convert only this share.
    pub shard: Option<Shard>,
    /// A file with any warning fails.
    pub strict: bool,
    /// Keep the first row of each content hash.
    pub dedup: bool,
    /// Render Markdown, text or the JSON line on the workers.
    pub render: Option<Format>,
    /// Show a progress bar (only on a terminal).
    pub progress: bool,
}

/// The `--errors` file.
pub struct ErrorLog {
    /// Where lines go.
    pub out: Box<dyn Write>,
    /// Its path, for messages.
    pub path: std::path::PathBuf,
}

impl ErrorLog {
    fn write(&mut self, source: &str, skip: &Skip) -> Result<(), Fatal> {
        let line = ErrorLine {
            source,
            path: &skip.path,
            reason: skip.reason.name(),
            detail: skip.detail.as_deref(),
        };
        serde_json::to_writer(&mut self.out, &line)
            .map_err(std::io::Error::from)
            .and_then(|()| self.out.write_all(b"\n"))
            .map_err(|e| Fatal::Io(format!("{}: {e}", self.path.display())))
    }
}

/// One `--errors` line.
#[derive(Serialize)]
struct ErrorLine<'a> {
    source: &'a str,
    path: &'a str,
    reason: &'static str,
    detail: Option<&'a str>,
}

enum Outcome {
    Article(Box<Record>, usize),
    Skip(Skip),
}

/// Runs `sources` into `sink`, listing skipped entries in `errors`.
///
/// # Errors
///
/// [`Fatal`] when an input cannot be read or an output written.
pub fn run(
    sources: &[Source],
    settings: &Settings,
    mut sink: Sink,
    mut errors: Option<ErrorLog>,
) -> Result<Summary, Fatal> {
    let started = Instant::now();
    let mut summary = Summary::default();
    // The content hashes seen, for duplicates: 64 bits of each (a false
    // match among a billion articles has odds of about 1 in 40), the one
    // thing the run keeps per article.
    let mut seen: HashSet<u64> = HashSet::new();
    let progress = if settings.progress && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} {human_pos} entries, {per_sec}, {elapsed} {msg}",
        ) {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    } else {
        ProgressBar::hidden()
    };

    // Reading and parsing run on their own thread (and rayon's workers),
    // writing on this one, so the writer works on one batch while the next
    // is parsed. Two batches wait at most: memory stays a few batches.
    let (batches, received) = std::sync::mpsc::sync_channel::<(usize, Vec<Outcome>)>(2);
    let written = std::thread::scope(|scope| -> Result<(), Fatal> {
        let producer = scope.spawn(move || -> Result<(), Fatal> {
            for (index, source) in sources.iter().enumerate() {
                source.for_each_batch(
                    settings.follow_symlinks,
                    settings.shard,
                    BATCH,
                    &mut |items| {
                        let outcomes: Vec<Outcome> = items
                            .into_par_iter()
                            .map(|item| process(item, &source.label, settings))
                            .collect();
                        // A closed channel means the writer stopped on an
                        // error of its own, which it reports.
                        batches
                            .send((index, outcomes))
                            .map_err(|_| Fatal::WriterStopped)
                    },
                )?;
            }
            Ok(())
        });
        // Owned here, so that a writer error returning early drops it and
        // the reading thread's next send fails instead of waiting forever.
        let received = received;
        let mut current = usize::MAX;
        for (index, outcomes) in received.iter() {
            let Some(source) = sources.get(index) else {
                continue;
            };
            if index != current {
                progress.set_message(source.label.clone());
                current = index;
            }
            let n = outcomes.len() as u64;
            for outcome in outcomes {
                let skipped = match outcome {
                    Outcome::Skip(skip) => Some(skip),
                    Outcome::Article(record, bytes) => {
                        summary.article(&record, bytes);
                        // Truncation keeps the hash's low 64 bits.
                        let first = seen.insert(record.key as u64);
                        if !first {
                            summary.duplicates += 1;
                        }
                        if !first && settings.dedup {
                            summary.dropped_duplicates += 1;
                            None
                        } else {
                            match sink.write(&record, index)? {
                                None => {
                                    summary.written += 1;
                                    None
                                }
                                Some(problem) => Some(Skip {
                                    path: record.path.clone(),
                                    reason: Reason::Collision,
                                    detail: Some(problem),
                                }),
                            }
                        }
                    }
                };
                if let Some(skip) = skipped {
                    summary.skip(&skip);
                    if let Some(log) = errors.as_mut() {
                        log.write(&source.label, &skip)?;
                    }
                }
            }
            progress.inc(n);
        }
        match producer.join() {
            Ok(result) => result,
            Err(_) => Err(Fatal::Io("the reading thread panicked".to_owned())),
        }
    });
    written?;
    progress.finish_and_clear();
    sink.finish()?;
    if let Some(mut log) = errors {
        log.out
            .flush()
            .map_err(|e| Fatal::Io(format!("{}: {e}", log.path.display())))?;
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

fn skip(path: String, reason: Reason, detail: impl Into<Option<String>>) -> Outcome {
    Outcome::Skip(Skip {
        path,
        reason,
        detail: detail.into(),
    })
}

/// Reads and parses one entry (on a worker thread).
fn process(item: Item, source: &str, settings: &Settings) -> Outcome {
    let (path, content) = match item {
        Item::Skip(s) => return Outcome::Skip(s),
        Item::Entry { path, content } => (path, content),
    };
    let bytes = match content {
        Content::Bytes(bytes) => bytes,
        Content::File(file) => match read_limited(&file) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return skip(path, Reason::TooLarge, None),
            Err(e) => return skip(path, Reason::Unreadable, e.to_string()),
        },
    };
    let size = bytes.len();
    let input = match String::from_utf8(bytes) {
        Ok(input) => input,
        Err(e) => return skip(path, Reason::NotUtf8, e.utf8_error().to_string()),
    };
    let article = if settings.strict {
        match Options::new().parse_strict(&input) {
            Ok(article) => article,
            Err(e) => return skip(path, Reason::Strict, e.to_string()),
        }
    } else {
        parse_article(&input)
    };
    if let Some(fatal) = article.warnings.iter().find(|w| w.means_no_article()) {
        return skip(path, Reason::NotAnArticle, fatal.to_string());
    }
    let identity = identify(&path);
    let (hash, key) = content_hash(&article);
    let text = article.to_text();
    let mut record = Record {
        source: source.to_owned(),
        path,
        identity,
        content_hash: hash,
        key,
        article,
        text,
        rendered: None,
    };
    record.rendered = match settings.render {
        Some(Format::Markdown) => Some(record.article.to_markdown()),
        Some(Format::Text) => Some(record.text.clone()),
        // The JSON line too is made here, on a worker: serialising the
        // blocks on the writing thread made JSON Lines the slowest format.
        Some(Format::Jsonl) => match serde_json::to_string(&record.row(true)) {
            Ok(line) => Some(line),
            Err(e) => return skip(record.path, Reason::Unreadable, e.to_string()),
        },
        Some(Format::Csv) => match crate::output::csv_record(&record) {
            Ok(line) => Some(line),
            Err(e) => return skip(record.path, Reason::Unreadable, e),
        },
        _ => None,
    };
    Outcome::Article(Box::new(record), size)
}

/// The file's bytes, `None` when it is larger than [`MAX_ENTRY_BYTES`].
fn read_limited(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    let file = File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_ENTRY_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_ENTRY_BYTES).then_some(bytes))
}

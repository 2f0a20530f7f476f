//! Convert a whole archive: every `.md` file under a directory, parsed in
//! parallel, written as JSON Lines, Parquet or Markdown.
//!
//! ```text
//! cargo run --release --example archive -- INPUT_DIR                          # JSON Lines on stdout
//! cargo run --release --example archive -- INPUT_DIR -o articles.jsonl
//! cargo run --release --example archive --features parquet -- INPUT_DIR --format parquet -o articles.parquet
//! cargo run --release --example archive -- INPUT_DIR --format markdown -o out/
//! ```
//!
//! Options: `--strict` (a file with warnings counts as failed and is not
//! written), `--threads N` (default: every core), `--quiet` (no summary).
//!
//! The archives' layout is `articles/<outlet>/<id>.md`: each record carries
//! the file's `path` relative to INPUT_DIR and its `outlet`, the name of
//! the folder it sits in. Records come in path order whatever the thread
//! count. A file that cannot be read or is not an archived article is
//! reported on stderr with its path and the reason, and the run goes on;
//! the exit status is 1 when any file failed.
//!
//! A progress bar shows on stderr when stderr is a terminal; a summary
//! (files, articles, failures, warnings by kind, throughput) ends the run.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use newsarchive::{Article, Options};
use rayon::prelude::*;

const USAGE: &str = "usage: archive INPUT_DIR [-o OUT] [--format jsonl|parquet|markdown] [--strict] [--threads N] [--quiet]";

/// Files parsed per batch: results are written in order batch by batch,
/// so memory stays bounded however large the archive.
const BATCH: usize = 1024;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Jsonl,
    Parquet,
    Markdown,
}

struct Args {
    input: PathBuf,
    output: Option<PathBuf>,
    format: Format,
    strict: bool,
    threads: Option<usize>,
    quiet: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut input = None;
    let mut output = None;
    let mut format = Format::Jsonl;
    let mut strict = false;
    let mut threads = None;
    let mut quiet = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-o" | "--output" => {
                output = Some(PathBuf::from(args.next().ok_or("-o needs a path")?))
            }
            "--format" => {
                format = match args.next().as_deref() {
                    Some("jsonl") => Format::Jsonl,
                    Some("parquet") => Format::Parquet,
                    Some("markdown") => Format::Markdown,
                    other => {
                        return Err(format!(
                            "unknown format {other:?}: jsonl, parquet or markdown"
                        ));
                    }
                }
            }
            "--strict" => strict = true,
            "--quiet" => quiet = true,
            "--threads" => {
                let n = args.next().ok_or("--threads needs a number")?;
                threads = Some(
                    n.parse()
                        .map_err(|_| format!("--threads: `{n}` is not a number"))?,
                );
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ if input.is_none() && !arg.starts_with('-') => input = Some(PathBuf::from(arg)),
            _ => return Err(format!("unexpected argument `{arg}`\n{USAGE}")),
        }
    }
    let input = input.ok_or_else(|| USAGE.to_owned())?;
    if format != Format::Jsonl && output.is_none() {
        return Err(format!(
            "--format {} needs -o OUT",
            if format == Format::Parquet {
                "parquet"
            } else {
                "markdown"
            }
        ));
    }
    Ok(Args {
        input,
        output,
        format,
        strict,
        threads,
        quiet,
    })
}

/// One input file, read and parsed.
struct Record {
    /// Relative to the input directory, `/`-separated.
    path: String,
    /// Written by the Parquet sink; the JSON line has it already.
    #[cfg_attr(not(feature = "parquet"), allow(dead_code))]
    outlet: String,
    bytes: usize,
    result: Result<Article, String>,
    /// What the sink writes, rendered on the worker thread: the JSON line,
    /// the Markdown, or (for Parquet) the story's text.
    rendered: Option<String>,
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    if let Some(n) = args.threads
        && let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
    {
        eprintln!("archive: cannot start {n} threads: {e}");
        return ExitCode::FAILURE;
    }
    if !args.input.is_dir() {
        eprintln!("{}: not a directory", args.input.display());
        return ExitCode::FAILURE;
    }
    let (files, unreadable) = list_files(&args.input);
    let mut summary = Summary::default();
    for problem in &unreadable {
        eprintln!("{problem}");
        summary.failures += 1;
    }
    let mut sink = match Sink::open(&args) {
        Ok(sink) => sink,
        Err(e) => {
            eprintln!("archive: {e}");
            return ExitCode::FAILURE;
        }
    };

    let progress = if std::io::stderr().is_terminal() && !args.quiet {
        let bar = ProgressBar::new(files.len() as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} files, {per_sec}, {eta} left")
        {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };

    let started = Instant::now();
    let options = Options::new().strict(false);
    let mut write_error = None;
    'batches: for batch in files.chunks(BATCH) {
        // Parsing and rendering run on every core; writing, in path order,
        // on this thread.
        let records: Vec<Record> = batch
            .par_iter()
            .map(|path| read_one(&args.input, path, options, args.strict, args.format))
            .collect();
        for record in records {
            progress.inc(1);
            summary.files += 1;
            summary.bytes += record.bytes;
            match &record.result {
                Ok(article) => {
                    summary.articles += 1;
                    for w in &article.warnings {
                        *summary.warnings.entry(w.name().to_owned()).or_default() += 1;
                    }
                    if let Err(e) = sink.write(&record) {
                        write_error = Some(format!("writing {}: {e}", record.path));
                        break 'batches;
                    }
                }
                Err(reason) => {
                    summary.failures += 1;
                    progress.suspend(|| eprintln!("{}: {reason}", record.path));
                }
            }
        }
    }
    // Finish the output even after a write error: a Parquet file without
    // its footer could not be read at all.
    let finished = sink.finish();
    progress.finish_and_clear();
    if let Some(e) = write_error {
        eprintln!("archive: {e}");
        return ExitCode::FAILURE;
    }
    if let Err(e) = finished {
        eprintln!("archive: finishing the output: {e}");
        return ExitCode::FAILURE;
    }
    if !args.quiet {
        summary.print(started.elapsed().as_secs_f64());
    }
    if summary.failures > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Every `.md` file under `root`, in path order (component by component,
/// so `dw/…` before `dw-legacy/…`), and the directories that could not be
/// read, each with the reason. Links to files are followed, links to
/// directories are not (a link back up would never end), and only
/// regular files are read (a FIFO would block).
fn list_files(root: &Path) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                problems.push(format!("{}: cannot read the directory: {e}", dir.display()));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    problems.push(format!("{}: {e}", dir.display()));
                    continue;
                }
            };
            let path = entry.path();
            match entry.file_type() {
                Ok(t) if t.is_dir() => dirs.push(path),
                Ok(_) if path.extension().is_some_and(|e| e == "md") => {
                    // Follows a link to a file; a link to a directory or
                    // anything not a regular file is left out.
                    if std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                        files.push(path);
                    }
                }
                Ok(_) => {}
                Err(e) => problems.push(format!("{}: {e}", path.display())),
            }
        }
    }
    files.sort();
    (files, problems)
}

fn read_one(root: &Path, path: &Path, options: Options, strict: bool, format: Format) -> Record {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let outlet = relative
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let relative = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    let (bytes, result) = match std::fs::read(path) {
        Err(e) => (0, Err(format!("cannot read: {e}"))),
        Ok(bytes) => {
            let len = bytes.len();
            let result = match String::from_utf8(bytes) {
                Err(e) => Err(format!(
                    "not UTF-8 (first bad byte at {})",
                    e.utf8_error().valid_up_to()
                )),
                Ok(text) => judge(options.parse(&text), strict),
            };
            (len, result)
        }
    };
    let rendered = result.as_ref().ok().map(|article| match format {
        Format::Jsonl => {
            #[derive(serde::Serialize)]
            struct Line<'a> {
                path: &'a str,
                outlet: &'a str,
                #[serde(flatten)]
                article: &'a Article,
            }
            let line = Line {
                path: &relative,
                outlet: &outlet,
                article,
            };
            serde_json::to_string(&line).unwrap_or_default()
        }
        Format::Markdown => article.to_markdown(),
        Format::Parquet => article.to_text(),
    });
    Record {
        path: relative,
        outlet,
        bytes,
        result,
        rendered,
    }
}

/// A parse is a failure when the file is not an article at all, or, with
/// `--strict`, when it has any warning.
fn judge(parsed: Result<Article, newsarchive::Error>, strict: bool) -> Result<Article, String> {
    let article = parsed.map_err(|e| e.to_string())?;
    if let Some(fatal) = article.warnings.iter().find(|w| w.means_no_article()) {
        return Err(format!("not an archived article: {fatal}"));
    }
    if strict && let Some(first) = article.warnings.first() {
        return Err(format!("{first} (--strict)"));
    }
    Ok(article)
}

#[derive(Default)]
struct Summary {
    files: usize,
    articles: usize,
    failures: usize,
    bytes: usize,
    warnings: BTreeMap<String, usize>,
}

impl Summary {
    fn print(&self, seconds: f64) {
        let seconds = seconds.max(1e-9);
        eprintln!(
            "{} files, {} articles, {} failed; {:.1} MB in {:.2} s: {:.0} files/s, {:.1} MB/s",
            self.files,
            self.articles,
            self.failures,
            self.bytes as f64 / 1e6,
            seconds,
            self.files as f64 / seconds,
            self.bytes as f64 / 1e6 / seconds
        );
        if !self.warnings.is_empty() {
            let list: Vec<String> = self
                .warnings
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            eprintln!("warnings: {}", list.join(", "));
        }
    }
}

/// `path` made absolute through its nearest existing ancestor (links
/// resolved there), the rest appended as written.
fn resolved(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut existing = path;
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |p, c| p.join(c));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// Where the articles go.
enum Sink {
    Jsonl(Box<dyn Write>),
    Markdown(PathBuf),
    #[cfg(feature = "parquet")]
    Parquet(Box<parquet_out::Writer>),
}

impl Sink {
    fn open(args: &Args) -> Result<Sink, String> {
        match args.format {
            Format::Jsonl => {
                let out: Box<dyn Write> = match &args.output {
                    Some(path) => Box::new(BufWriter::new(
                        File::create(path).map_err(|e| format!("{}: {e}", path.display()))?,
                    )),
                    None => Box::new(BufWriter::new(std::io::stdout().lock())),
                };
                Ok(Sink::Jsonl(out))
            }
            Format::Markdown => {
                let dir = args.output.clone().unwrap_or_default();
                // The Markdown files take the input files' names: inside the
                // input tree they would overwrite the archive. Checked
                // before anything is created there.
                if let Ok(input) = args.input.canonicalize()
                    && resolved(&dir).starts_with(input)
                {
                    return Err(format!(
                        "{}: the Markdown output cannot go inside the input directory",
                        dir.display()
                    ));
                }
                std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                Ok(Sink::Markdown(dir))
            }
            #[cfg(feature = "parquet")]
            Format::Parquet => {
                let path = args
                    .output
                    .as_deref()
                    .unwrap_or(Path::new("articles.parquet"));
                parquet_out::Writer::create(path).map(|w| Sink::Parquet(Box::new(w)))
            }
            #[cfg(not(feature = "parquet"))]
            Format::Parquet => {
                Err("this build has no Parquet writer: run with `--features parquet`".to_owned())
            }
        }
    }

    fn write(&mut self, record: &Record) -> Result<(), String> {
        match self {
            Sink::Jsonl(out) => {
                let line = record.rendered.as_deref().unwrap_or_default();
                out.write_all(line.as_bytes())
                    .and_then(|()| out.write_all(b"\n"))
                    .map_err(|e| e.to_string())
            }
            Sink::Markdown(dir) => {
                let path = dir.join(&record.path);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
                }
                let markdown = record.rendered.as_deref().unwrap_or_default();
                std::fs::write(&path, markdown).map_err(|e| format!("{}: {e}", path.display()))
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet(writer) => match &record.result {
                Ok(article) => {
                    let text = record.rendered.as_deref().unwrap_or_default();
                    writer.push(&record.path, &record.outlet, article, text)
                }
                Err(_) => Ok(()),
            },
        }
    }

    fn finish(self) -> Result<(), String> {
        match self {
            Sink::Jsonl(mut out) => out.flush().map_err(|e| e.to_string()),
            Sink::Markdown(_) => Ok(()),
            #[cfg(feature = "parquet")]
            Sink::Parquet(writer) => writer.finish(),
        }
    }
}

/// One row per article, typed columns (see [`parquet_out::schema`]).
#[cfg(feature = "parquet")]
mod parquet_out {
    use std::fs::File;
    use std::path::Path;
    use std::sync::Arc;

    use arrow_array::builder::{
        ArrayBuilder, Date32Builder, ListBuilder, StringBuilder, StructBuilder,
        TimestampMillisecondBuilder, UInt32Builder,
    };
    use arrow_array::{ArrayRef, RecordBatch};
    use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef, TimeUnit};
    use newsarchive::Article;
    use parquet::arrow::ArrowWriter;
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;

    /// Rows buffered before a record batch is handed to the writer.
    const ROWS: usize = 4096;

    fn figure_fields() -> Fields {
        ["src", "original", "alt", "caption", "credit"]
            .into_iter()
            .map(|name| Field::new(name, DataType::Utf8, true))
            .collect()
    }

    fn link_fields() -> Fields {
        ["href", "text"]
            .into_iter()
            .map(|name| Field::new(name, DataType::Utf8, false))
            .collect()
    }

    /// The table: `path`, `outlet`, `timestamp` (the header's, UTC),
    /// `published` (the date line's instant, UTC; null when the source gave
    /// no offset), `published_date` (its calendar date, any precision),
    /// `published_text` (RFC 3339 as precise as the source), `title`,
    /// `url`, `byline`, `dateline`, `text` (the story, `Article::to_text`),
    /// `paragraphs`, `figures` (list of structs), `links` (list of
    /// structs), `warnings` (messages).
    pub fn schema() -> SchemaRef {
        let utc = Some("UTC".into());
        Arc::new(Schema::new(vec![
            Field::new("path", DataType::Utf8, false),
            Field::new("outlet", DataType::Utf8, false),
            Field::new(
                "timestamp",
                DataType::Timestamp(TimeUnit::Millisecond, utc.clone()),
                true,
            ),
            Field::new(
                "published",
                DataType::Timestamp(TimeUnit::Millisecond, utc),
                true,
            ),
            Field::new("published_date", DataType::Date32, true),
            Field::new("published_text", DataType::Utf8, true),
            Field::new("title", DataType::Utf8, false),
            Field::new("url", DataType::Utf8, true),
            Field::new("byline", DataType::new_list(DataType::Utf8, true), false),
            Field::new("dateline", DataType::Utf8, true),
            Field::new("text", DataType::Utf8, false),
            Field::new("paragraphs", DataType::UInt32, false),
            Field::new(
                "figures",
                DataType::new_list(DataType::Struct(figure_fields()), true),
                false,
            ),
            Field::new(
                "links",
                DataType::new_list(DataType::Struct(link_fields()), true),
                false,
            ),
            Field::new("warnings", DataType::new_list(DataType::Utf8, true), false),
        ]))
    }

    pub struct Writer {
        writer: ArrowWriter<File>,
        columns: Columns,
    }

    struct Columns {
        path: StringBuilder,
        outlet: StringBuilder,
        timestamp: TimestampMillisecondBuilder,
        published: TimestampMillisecondBuilder,
        published_date: Date32Builder,
        published_text: StringBuilder,
        title: StringBuilder,
        url: StringBuilder,
        byline: ListBuilder<StringBuilder>,
        dateline: StringBuilder,
        text: StringBuilder,
        paragraphs: UInt32Builder,
        figures: ListBuilder<StructBuilder>,
        links: ListBuilder<StructBuilder>,
        warnings: ListBuilder<StringBuilder>,
    }

    impl Columns {
        fn new() -> Columns {
            Columns {
                path: StringBuilder::new(),
                outlet: StringBuilder::new(),
                timestamp: TimestampMillisecondBuilder::new().with_timezone("UTC"),
                published: TimestampMillisecondBuilder::new().with_timezone("UTC"),
                published_date: Date32Builder::new(),
                published_text: StringBuilder::new(),
                title: StringBuilder::new(),
                url: StringBuilder::new(),
                byline: ListBuilder::new(StringBuilder::new()),
                dateline: StringBuilder::new(),
                text: StringBuilder::new(),
                paragraphs: UInt32Builder::new(),
                figures: ListBuilder::new(StructBuilder::from_fields(figure_fields(), 0)),
                links: ListBuilder::new(StructBuilder::from_fields(link_fields(), 0)),
                warnings: ListBuilder::new(StringBuilder::new()),
            }
        }

        fn len(&self) -> usize {
            self.path.len()
        }

        fn push(
            &mut self,
            path: &str,
            outlet: &str,
            a: &Article,
            text: &str,
        ) -> Result<(), String> {
            self.path.append_value(path);
            self.outlet.append_value(outlet);
            self.timestamp
                .append_option(a.timestamp.map(|t| t.timestamp_millis()));
            self.published.append_option(
                a.published
                    .and_then(|p| p.to_utc())
                    .map(|t| t.timestamp_millis()),
            );
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).ok_or("no epoch")?;
            self.published_date.append_option(
                a.published
                    .map(|p| (p.date() - epoch).num_days())
                    .and_then(|d| i32::try_from(d).ok()),
            );
            self.published_text
                .append_option(a.published.map(|p| p.to_string()));
            self.title.append_value(&a.title);
            self.url.append_option(a.url.as_ref().map(|u| u.as_str()));
            for name in &a.byline {
                self.byline.values().append_value(name);
            }
            self.byline.append(true);
            self.dateline.append_option(a.dateline.as_deref());
            self.text.append_value(text);
            self.paragraphs
                .append_value(u32::try_from(a.paragraphs().count()).unwrap_or(u32::MAX));
            for f in a.figures() {
                let s = self.figures.values();
                for (i, value) in [&f.src, &f.original, &f.alt, &f.caption, &f.credit]
                    .into_iter()
                    .enumerate()
                {
                    s.field_builder::<StringBuilder>(i)
                        .ok_or("figure column")?
                        .append_option(value.as_deref());
                }
                s.append(true);
            }
            self.figures.append(true);
            for link in &a.links {
                let s = self.links.values();
                s.field_builder::<StringBuilder>(0)
                    .ok_or("link column")?
                    .append_value(&link.href);
                s.field_builder::<StringBuilder>(1)
                    .ok_or("link column")?
                    .append_value(&link.text);
                s.append(true);
            }
            self.links.append(true);
            for w in &a.warnings {
                self.warnings.values().append_value(w.to_string());
            }
            self.warnings.append(true);
            Ok(())
        }

        fn finish(&mut self) -> Vec<ArrayRef> {
            vec![
                Arc::new(self.path.finish()),
                Arc::new(self.outlet.finish()),
                Arc::new(self.timestamp.finish()),
                Arc::new(self.published.finish()),
                Arc::new(self.published_date.finish()),
                Arc::new(self.published_text.finish()),
                Arc::new(self.title.finish()),
                Arc::new(self.url.finish()),
                Arc::new(self.byline.finish()),
                Arc::new(self.dateline.finish()),
                Arc::new(self.text.finish()),
                Arc::new(self.paragraphs.finish()),
                Arc::new(self.figures.finish()),
                Arc::new(self.links.finish()),
                Arc::new(self.warnings.finish()),
            ]
        }
    }

    impl Writer {
        pub fn create(path: &Path) -> Result<Writer, String> {
            let file = File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let props = WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .build();
            let writer =
                ArrowWriter::try_new(file, schema(), Some(props)).map_err(|e| e.to_string())?;
            Ok(Writer {
                writer,
                columns: Columns::new(),
            })
        }

        /// One row; `text` is the article's `to_text`, rendered by the caller
        /// (on a worker thread).
        pub fn push(
            &mut self,
            path: &str,
            outlet: &str,
            article: &Article,
            text: &str,
        ) -> Result<(), String> {
            self.columns.push(path, outlet, article, text)?;
            if self.columns.len() >= ROWS {
                self.flush()?;
            }
            Ok(())
        }

        fn flush(&mut self) -> Result<(), String> {
            if self.columns.len() == 0 {
                return Ok(());
            }
            let batch =
                RecordBatch::try_new(schema(), self.columns.finish()).map_err(|e| e.to_string())?;
            self.writer.write(&batch).map_err(|e| e.to_string())
        }

        pub fn finish(mut self) -> Result<(), String> {
            self.flush()?;
            self.writer.close().map(|_| ()).map_err(|e| e.to_string())
        }
    }
}

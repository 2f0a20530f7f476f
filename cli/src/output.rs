//! Where rows go: JSON Lines or CSV on a stream, a Parquet file or
//! dataset, or one Markdown or text file per article.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use crate::Fatal;
use crate::parquet_out::{Dataset, FileWriter, PartitionKey};
use crate::record::{COLUMNS, Record};

/// The file a Markdown or text folder carries, so `--force` only ever
/// clears a folder this tool made. (A Parquet dataset carries none: Polars
/// refuses a dataset folder holding other files. `--force` clears a folder
/// that holds nothing but `.parquet` files.)
pub const MARKER: &str = ".newsarchive-output";

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON object per line: the schema's columns and `blocks`.
    Jsonl,
    /// Apache Parquet: the schema's columns, typed.
    Parquet,
    /// CSV with a header: the schema's columns, lists as JSON text, null
    /// as an empty field.
    Csv,
    /// One Markdown file per article (`Article::to_markdown`), mirroring
    /// the archive's paths.
    Markdown,
    /// One text file per article (`Article::to_text`), mirroring the
    /// archive's paths.
    Text,
}

impl Format {
    /// Whether the output is a folder rather than a file or stream.
    pub fn is_folder(self, partitioned: bool) -> bool {
        matches!(self, Format::Markdown | Format::Text) || (self == Format::Parquet && partitioned)
    }
}

/// A destination for the rows of a run.
pub enum Sink {
    /// Counts only (`stats`).
    Nothing,
    /// JSON Lines.
    Jsonl(Box<dyn Write>),
    /// CSV (records made on the workers by [`csv_record`]).
    Csv(Box<dyn Write>),
    /// One Parquet file.
    Parquet(Box<FileWriter>),
    /// A partitioned Parquet dataset.
    Dataset(Box<Dataset>),
    /// One file per article under a folder.
    Files(Box<Files>),
}

/// One file per article: `OUT/<path>` with one input, `OUT/<n>/<path>`
/// with several (n counts the inputs from 1), so forks never meet.
pub struct Files {
    root: PathBuf,
    extension: &'static str,
    per_source: bool,
    sources: Vec<String>,
}

fn io(path: &Path, e: impl std::fmt::Display) -> Fatal {
    Fatal::Io(format!("{}: {e}", path.display()))
}

/// Maps an error writing to stdout: a closed pipe ends the run quietly.
pub fn stream_error(e: std::io::Error, what: &Path) -> Fatal {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Fatal::BrokenPipe
    } else {
        io(what, e)
    }
}

impl Sink {
    /// Opens the sink for `format` at `output` (`None`: stdout). The
    /// caller has checked that the output may be written.
    ///
    /// # Errors
    ///
    /// [`Fatal::Io`] when the output cannot be created.
    pub fn open(
        format: Format,
        output: Option<&Path>,
        row_group: usize,
        partition: &[PartitionKey],
        sources: &[String],
    ) -> Result<Sink, Fatal> {
        let stream = |output: Option<&Path>| -> Result<Box<dyn Write>, Fatal> {
            Ok(match output {
                Some(path) => {
                    Box::new(BufWriter::new(File::create(path).map_err(|e| io(path, e))?))
                }
                None => Box::new(BufWriter::new(std::io::stdout())),
            })
        };
        Ok(match format {
            Format::Jsonl => Sink::Jsonl(stream(output)?),
            Format::Csv => {
                let mut out = stream(output)?;
                let header = csv_bytes(COLUMNS.iter().map(|c| (*c).to_owned()))
                    .map_err(|e| Fatal::Io(format!("csv: {e}")))?;
                out.write_all(header.as_bytes())
                    .map_err(|e| stream_error(e, output.unwrap_or(Path::new("stdout"))))?;
                Sink::Csv(out)
            }
            Format::Parquet => {
                let path = output.ok_or_else(|| Fatal::Usage("parquet needs -o OUT".into()))?;
                if partition.is_empty() {
                    Sink::Parquet(Box::new(FileWriter::create(path, row_group, true)?))
                } else {
                    std::fs::create_dir_all(path).map_err(|e| io(path, e))?;
                    Sink::Dataset(Box::new(Dataset::new(path, partition.to_vec(), row_group)))
                }
            }
            Format::Markdown | Format::Text => {
                let path = output.ok_or_else(|| Fatal::Usage("this format needs -o OUT".into()))?;
                make_folder(path)?;
                Sink::Files(Box::new(Files {
                    root: path.to_path_buf(),
                    extension: if format == Format::Markdown {
                        "md"
                    } else {
                        "txt"
                    },
                    per_source: sources.len() > 1,
                    sources: sources.to_vec(),
                }))
            }
        })
    }

    /// Writes one record. `Ok(Some(problem))` when this record could not
    /// be written but the run can go on (a file output's path is taken).
    ///
    /// # Errors
    ///
    /// [`Fatal::Io`] (or [`Fatal::BrokenPipe`]) when writing fails.
    pub fn write(&mut self, record: &Record, source_index: usize) -> Result<Option<String>, Fatal> {
        let stdout = Path::new("stdout");
        match self {
            Sink::Nothing => Ok(None),
            Sink::Files(files) => files.write(record, source_index),
            Sink::Parquet(writer) => writer.push(record).map(|()| None),
            Sink::Dataset(dataset) => dataset.push(record).map(|()| None),
            Sink::Jsonl(out) => {
                match &record.rendered {
                    Some(line) => out.write_all(line.as_bytes()),
                    None => serde_json::to_writer(&mut *out, &record.row(true))
                        .map_err(std::io::Error::from),
                }
                .and_then(|()| out.write_all(b"\n"))
                .map_err(|e| stream_error(e, stdout))?;
                Ok(None)
            }
            Sink::Csv(out) => {
                let made;
                let line = match &record.rendered {
                    Some(line) => line,
                    None => {
                        made = csv_record(record).map_err(|e| Fatal::Io(format!("csv: {e}")))?;
                        &made
                    }
                };
                out.write_all(line.as_bytes())
                    .map_err(|e| stream_error(e, stdout))?;
                Ok(None)
            }
        }
    }

    /// Flushes and closes.
    ///
    /// # Errors
    ///
    /// [`Fatal::Io`] (or [`Fatal::BrokenPipe`]) when writing fails.
    pub fn finish(self) -> Result<(), Fatal> {
        let stdout = Path::new("stdout");
        match self {
            Sink::Nothing | Sink::Files(_) => Ok(()),
            Sink::Jsonl(mut out) => out.flush().map_err(|e| stream_error(e, stdout)),
            Sink::Csv(mut out) => out.flush().map_err(|e| stream_error(e, stdout)),
            Sink::Parquet(writer) => writer.finish(),
            Sink::Dataset(dataset) => dataset.finish(),
        }
    }
}

/// One CSV record (with its line end) of the cells.
fn csv_bytes(cells: impl Iterator<Item = String>) -> Result<String, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(cells).map_err(|e| e.to_string())?;
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// The CSV record of a row: the columns in order, a list or struct as its
/// JSON text, null as an empty field.
///
/// # Errors
///
/// A message when the row cannot be serialised (it always can).
pub fn csv_record(record: &Record) -> Result<String, String> {
    let value = serde_json::to_value(record.row(false)).map_err(|e| e.to_string())?;
    csv_bytes(COLUMNS.iter().map(|name| match value.get(name) {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }))
}

/// Whether `--force` may clear this folder: it carries the marker, or
/// holds nothing but Parquet files (a dataset).
pub fn made_here(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
        || walkdir::WalkDir::new(dir).into_iter().all(|entry| {
            entry.is_ok_and(|e| {
                e.file_type().is_dir()
                    || (e.file_type().is_file()
                        && e.path().extension().is_some_and(|x| x == "parquet"))
            })
        })
}

/// Makes the output folder and its marker.
fn make_folder(path: &Path) -> Result<(), Fatal> {
    std::fs::create_dir_all(path).map_err(|e| io(path, e))?;
    File::create(path.join(MARKER))
        .and_then(|mut f| {
            f.write_all(b"made by the newsarchive command; --force may clear this folder\n")
        })
        .map_err(|e| io(path, e))
}

impl Files {
    fn write(&mut self, record: &Record, source_index: usize) -> Result<Option<String>, Fatal> {
        let mut target = self.root.clone();
        if self.per_source {
            target.push((source_index + 1).to_string());
        }
        for part in record.path.split('/') {
            target.push(part);
        }
        target.set_extension(self.extension);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        }
        let text = record.rendered.as_deref().unwrap_or_default();
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .and_then(|mut f| f.write_all(text.as_bytes()))
        {
            Ok(()) => Ok(None),
            // Two entries on one path (a name spelled `%FF` beside a
            // non-UTF-8 one) must not overwrite each other: create, never
            // truncate.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(Some(format!(
                "{} exists: another entry of {} maps to it",
                target.display(),
                self.sources.get(source_index).map_or("", String::as_str)
            ))),
            Err(e) => Err(io(&target, e)),
        }
    }
}

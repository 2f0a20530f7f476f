//! `newsarchive`: archived news articles (`articles/<outlet>/<id>.md`) to
//! datasets. One file to JSON, Markdown or text (`parse`); whole archives,
//! their GitHub downloads and their forks to JSON Lines, Parquet, CSV,
//! Markdown or text with one versioned schema (`convert`); a summary
//! (`stats`). Built on the `newsarchive` library's public API.

mod identity;
mod input;
mod output;
mod parquet_out;
mod record;
mod run;
mod summary;

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use newsarchive::Options;

use input::{Shard, Source};
use output::{Format, Sink};
use parquet_out::PartitionKey;
use run::{ErrorLog, Settings};

const EXIT_CODES: &str = "\
Exit status:
  0  success (also when a reader closes the pipe early, as `| head` does)
  1  some files failed: unreadable, not UTF-8, not an article, a symlink loop,
     or (--strict) any warning; each is listed by --errors
  2  usage: a bad argument, an output that exists (without --force), an output
     inside an input or an input inside the output
  3  fatal I/O: an input that cannot be opened, an output that cannot be written";

/// Archived news articles to datasets.
#[derive(Parser)]
#[command(name = "newsarchive", version, about, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse one archive file and print it: a summary, or --json, --markdown, --text.
    Parse(ParseArgs),
    /// Convert archives to JSON Lines, Parquet, CSV, Markdown or text.
    #[command(after_help = EXIT_CODES)]
    Convert(ConvertArgs),
    /// Count files, outlets, dates, warnings, duplicates and skipped entries.
    #[command(after_help = EXIT_CODES)]
    Stats(StatsArgs),
}

#[derive(Args)]
#[group(multiple = false)]
struct ParseFormat {
    /// The article as JSON (the library's model).
    #[arg(long)]
    json: bool,
    /// The article as Markdown.
    #[arg(long)]
    markdown: bool,
    /// The story as plain text.
    #[arg(long)]
    text: bool,
}

#[derive(Args)]
struct ParseArgs {
    /// The file; `-` reads stdin.
    file: PathBuf,
    #[command(flatten)]
    format: ParseFormat,
    /// Any departure from the format is an error.
    #[arg(long)]
    strict: bool,
}

/// What every run over archives takes.
#[derive(Args)]
struct InputArgs {
    /// Archive folders (the folder holding `articles/`, or any folder below
    /// it), GitHub downloads (`.zip`, `.tar.gz`) or single files. Several
    /// inputs (forks) make one run; the `source` column says which.
    #[arg(required_unless_present = "files_from", value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Also read the paths (files, folders, downloads) listed in FILE, one
    /// a line (`-`: stdin), as one more input named by FILE.
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,
    /// Follow symbolic links in folders (loops are detected and skipped).
    #[arg(long)]
    follow_symlinks: bool,
    /// Take only share K of N (1 ≤ K ≤ N), chosen by path: N runs with
    /// 1/N … N/N convert each entry exactly once.
    #[arg(long, value_name = "K/N", value_parser = input::parse_shard)]
    shard: Option<Shard>,
    /// A file with any warning counts as failed and is not written.
    #[arg(long)]
    strict: bool,
    /// Parse threads (default: every core); reading and writing have a
    /// thread each besides.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// List every skipped or failed entry here, as JSON Lines
    /// (`source`, `path`, `reason`, `detail`).
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
    /// Replace an existing output (a folder only if this tool made it).
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct ConvertArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The output format.
    #[arg(long, short = 'f', value_enum, default_value = "jsonl")]
    format: Format,
    /// The output file (jsonl, csv, parquet) or folder (markdown, text,
    /// partitioned parquet). jsonl and csv go to stdout without it, or
    /// with `-`.
    #[arg(long, short = 'o', value_name = "OUT")]
    output: Option<PathBuf>,
    /// Keep one row per item across inputs: the first with each
    /// content_hash (the article as parsed, so two forks' copies match).
    #[arg(long)]
    dedup: bool,
    /// Parquet: rows per row group, written as each fills.
    #[arg(long, value_name = "ROWS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u32).range(1..))]
    row_group_size: u32,
    /// Parquet: a Hive-style dataset, `outlet=voa/year=2023/part-…parquet`
    /// (`outlet`, `year` or `outlet,year`); -o names its folder.
    #[arg(long, value_name = "KEYS", value_enum, value_delimiter = ',')]
    partition_by: Vec<PartitionKey>,
    /// No summary on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
}

#[derive(Args)]
struct StatsArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The summary as JSON.
    #[arg(long)]
    json: bool,
}

/// Why a run stopped.
#[derive(Debug)]
pub enum Fatal {
    /// A bad argument or an output that may not be written (exit 2).
    Usage(String),
    /// An input or output failed (exit 3).
    Io(String),
    /// stdout was closed by its reader: stop quietly (exit 0).
    BrokenPipe,
    /// The reading thread's note that the writer stopped first; the
    /// writer's own error is the one reported.
    WriterStopped,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Parse(args) => parse(&args),
        Command::Convert(args) => convert(args),
        Command::Stats(args) => stats(args),
    };
    match result {
        Ok(code) => code,
        Err(Fatal::BrokenPipe) => ExitCode::SUCCESS,
        Err(Fatal::WriterStopped) => {
            eprintln!("newsarchive: the writer stopped");
            ExitCode::from(3)
        }
        Err(Fatal::Usage(message)) => {
            eprintln!("newsarchive: {message}");
            ExitCode::from(2)
        }
        Err(Fatal::Io(message)) => {
            eprintln!("newsarchive: {message}");
            ExitCode::from(3)
        }
    }
}

/// Writes to stdout; a closed pipe is [`Fatal::BrokenPipe`].
fn print(text: &str) -> Result<(), Fatal> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| output::stream_error(e, Path::new("stdout")))
}

fn parse(args: &ParseArgs) -> Result<ExitCode, Fatal> {
    let name = args.file.display().to_string();
    let mut bytes = Vec::new();
    let read = if args.file.as_os_str() == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes)
    } else {
        File::open(&args.file).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    if let Err(e) = read {
        return Err(Fatal::Io(format!("{name}: {e}")));
    }
    let failed = |problem: String| {
        eprintln!("{name}: {problem}");
        Ok(ExitCode::from(1))
    };
    let Ok(input) = String::from_utf8(bytes) else {
        return failed("not UTF-8".to_owned());
    };
    let options = Options::new();
    let article = if args.strict {
        match options.parse_strict(&input) {
            Ok(article) => article,
            Err(e) => return failed(e.to_string()),
        }
    } else {
        options.parse(&input)
    };
    if let Some(fatal) = article.warnings.iter().find(|w| w.means_no_article()) {
        return failed(format!("not an archived article: {fatal}"));
    }
    let text = if args.format.json {
        serde_json::to_string_pretty(&article).map_err(|e| Fatal::Io(format!("json: {e}")))? + "\n"
    } else if args.format.markdown {
        article.to_markdown()
    } else if args.format.text {
        article.to_text() + "\n"
    } else {
        article.to_string()
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The inputs, opened, with the thread pool set up.
fn open_inputs(args: &InputArgs) -> Result<Vec<Source>, Fatal> {
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .map_err(|e| Fatal::Usage(format!("--threads: {e}")))?;
    }
    let mut sources: Vec<Source> = args
        .inputs
        .iter()
        .map(|p| Source::open(p))
        .collect::<Result<_, _>>()?;
    if let Some(list) = &args.files_from {
        let mut bytes = Vec::new();
        let (label, read) = if list.as_os_str() == "-" {
            (
                "stdin".to_owned(),
                std::io::stdin().lock().read_to_end(&mut bytes),
            )
        } else {
            (
                list.display().to_string(),
                File::open(list).and_then(|mut f| f.read_to_end(&mut bytes)),
            )
        };
        read.map_err(|e| Fatal::Io(format!("{}: {e}", list.display())))?;
        let paths = bytes
            .split(|b| *b == b'\n')
            .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
            .filter(|line| !line.is_empty())
            .map(path_from_bytes)
            .collect();
        sources.push(Source::list(label, paths));
    }
    Ok(sources)
}

/// A listed path: its bytes as they are on Unix, where names need not be
/// UTF-8.
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// `path` made absolute with every existing part resolved (symbolic links
/// included), so that containment is judged on real folders.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            let mut out = real;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Refuses an output that is inside an input, holds an input, or exists
/// (unless `--force`, and for a folder only one this tool made).
fn check_output(output: &Path, sources: &[Source], force: bool, folder: bool) -> Result<(), Fatal> {
    if output.as_os_str().is_empty() {
        return Err(Fatal::Usage("an empty output path".into()));
    }
    let out = resolve(output);
    for source in sources {
        for path in source.paths() {
            let input = resolve(path);
            if out.starts_with(&input) {
                return Err(Fatal::Usage(format!(
                    "the output {} is inside the input {}",
                    output.display(),
                    path.display()
                )));
            }
            if input.starts_with(&out) {
                return Err(Fatal::Usage(format!(
                    "the input {} is inside the output {}",
                    path.display(),
                    output.display()
                )));
            }
        }
    }
    let Ok(meta) = std::fs::symlink_metadata(output) else {
        return Ok(());
    };
    if !folder || !meta.is_dir() {
        if meta.is_dir() {
            return Err(Fatal::Usage(format!("{} is a folder", output.display())));
        }
        if !force {
            return Err(Fatal::Usage(format!(
                "{} exists; --force replaces it",
                output.display()
            )));
        }
        if folder {
            std::fs::remove_file(output)
                .map_err(|e| Fatal::Io(format!("{}: {e}", output.display())))?;
        }
        return Ok(());
    }
    let empty = std::fs::read_dir(output)
        .map_err(|e| Fatal::Io(format!("{}: {e}", output.display())))?
        .next()
        .is_none();
    if empty {
        return Ok(());
    }
    if !force {
        return Err(Fatal::Usage(format!(
            "{} is not empty; --force clears it",
            output.display()
        )));
    }
    if !output::made_here(output) {
        return Err(Fatal::Usage(format!(
            "{} is not empty and was not made by newsarchive: remove it yourself",
            output.display()
        )));
    }
    std::fs::remove_dir_all(output).map_err(|e| Fatal::Io(format!("{}: {e}", output.display())))
}

/// Opens the `--errors` file.
fn open_errors(args: &InputArgs, sources: &[Source]) -> Result<Option<ErrorLog>, Fatal> {
    let Some(path) = &args.errors else {
        return Ok(None);
    };
    check_output(path, sources, args.force, false)?;
    let file = File::create(path).map_err(|e| Fatal::Io(format!("{}: {e}", path.display())))?;
    Ok(Some(ErrorLog {
        out: Box::new(BufWriter::new(file)),
        path: path.clone(),
    }))
}

fn convert(args: ConvertArgs) -> Result<ExitCode, Fatal> {
    let sources = open_inputs(&args.input)?;
    let partition = args.partition_by.clone();
    if partition
        .iter()
        .enumerate()
        .any(|(i, k)| partition[..i].contains(k))
    {
        return Err(Fatal::Usage("--partition-by names a key twice".into()));
    }
    if !partition.is_empty() && args.format != Format::Parquet {
        return Err(Fatal::Usage("--partition-by needs --format parquet".into()));
    }
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    let folder = args.format.is_folder(!partition.is_empty());
    match output {
        Some(path) => check_output(path, &sources, args.input.force, folder)?,
        None if matches!(args.format, Format::Jsonl | Format::Csv) => {}
        None => {
            return Err(Fatal::Usage(
                format!("--format {:?} needs -o OUT", args.format).to_lowercase(),
            ));
        }
    }
    if let (Some(out), Some(errors)) = (output, &args.input.errors)
        && resolve(out) == resolve(errors)
    {
        return Err(Fatal::Usage(format!(
            "--errors {} is the output too",
            errors.display()
        )));
    }
    let errors = open_errors(&args.input, &sources)?;
    let labels: Vec<String> = sources.iter().map(|s| s.label.clone()).collect();
    let sink = Sink::open(
        args.format,
        output,
        args.row_group_size as usize,
        &partition,
        &labels,
    )?;
    let settings = Settings {
        follow_symlinks: args.input.follow_symlinks,
        shard: args.input.shard,
        strict: args.input.strict,
        dedup: args.dedup,
        render: (args.format != Format::Parquet).then_some(args.format),
        progress: !args.quiet,
    };
    let summary = run::run(&sources, &settings, sink, errors)?;
    if !args.quiet {
        eprint!("{}", summary.to_text(true));
    }
    Ok(exit_for(&summary))
}

fn stats(args: StatsArgs) -> Result<ExitCode, Fatal> {
    let sources = open_inputs(&args.input)?;
    let errors = open_errors(&args.input, &sources)?;
    let settings = Settings {
        follow_symlinks: args.input.follow_symlinks,
        shard: args.input.shard,
        strict: args.input.strict,
        dedup: false,
        render: None,
        progress: true,
    };
    let summary = run::run(&sources, &settings, Sink::Nothing, errors)?;
    let text = if args.json {
        serde_json::to_string_pretty(&summary).map_err(|e| Fatal::Io(format!("json: {e}")))? + "\n"
    } else {
        summary.to_text(false)
    };
    print(&text)?;
    Ok(exit_for(&summary))
}

fn exit_for(summary: &summary::Summary) -> ExitCode {
    if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

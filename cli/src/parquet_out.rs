//! Parquet: the schema's columns as Arrow arrays, written in row groups of
//! a set number of rows as they fill, so memory holds one row group
//! whatever the archive's size; and a Hive-style dataset
//! (`outlet=voa/year=2023/part-00000.parquet`) for `--partition-by`.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, Date32Builder, Int32Builder, Int64Builder, ListBuilder, StringBuilder,
    StructBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef, TimeUnit};
use newsarchive::chrono::{Datelike, NaiveDate};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

use crate::Fatal;
use crate::record::{COLUMNS, LinkRow, Record, SCHEMA_VERSION};

/// A column `--partition-by` can split on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PartitionKey {
    /// The `outlet` column (left out of the files: readers take it from
    /// the folder names, and Spark refuses a column that is in both).
    Outlet,
    /// The header timestamp's year (UTC).
    Year,
}

impl PartitionKey {
    fn name(self) -> &'static str {
        match self {
            PartitionKey::Outlet => "outlet",
            PartitionKey::Year => "year",
        }
    }
}

/// What Hive writes for a null partition value.
const NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

fn figure_fields() -> Fields {
    ["src", "original", "alt", "caption", "credit"]
        .into_iter()
        .map(|name| Field::new(name, DataType::Utf8, true))
        .collect()
}

fn furniture_fields() -> Fields {
    vec![
        Field::new("kind", DataType::Utf8, false),
        Field::new("text", DataType::Utf8, true),
    ]
    .into()
}

fn link_fields() -> Fields {
    vec![
        Field::new("href", DataType::Utf8, false),
        Field::new("text", DataType::Utf8, true),
    ]
    .into()
}

fn timestamp() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
}

/// The Arrow schema of the columns, `outlet` left out when it is a
/// partition folder.
pub fn schema(with_outlet: bool) -> SchemaRef {
    let list = |item: DataType| DataType::new_list(item, true);
    let fields: Vec<Field> = COLUMNS
        .iter()
        .filter(|name| with_outlet || **name != "outlet")
        .map(|&name| match name {
            "schema_version" => Field::new(name, DataType::Int32, false),
            "source" | "path" | "content_hash" => Field::new(name, DataType::Utf8, false),
            "id" => Field::new(name, DataType::Int64, true),
            "characters" | "paragraph_count" | "figure_count" | "link_count" => {
                Field::new(name, DataType::Int64, false)
            }
            "timestamp" | "published_utc" => Field::new(name, timestamp(), true),
            "published_date" => Field::new(name, DataType::Date32, true),
            "byline" | "warnings" => Field::new(name, list(DataType::Utf8), false),
            "figures" => Field::new(name, list(DataType::Struct(figure_fields())), false),
            "furniture" => Field::new(name, list(DataType::Struct(furniture_fields())), false),
            "links" | "furniture_links" | "footer_links" => {
                Field::new(name, list(DataType::Struct(link_fields())), false)
            }
            _ => Field::new(name, DataType::Utf8, true),
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// Column builders for one batch of rows.
struct Columns {
    with_outlet: bool,
    schema_version: Int32Builder,
    source: StringBuilder,
    path: StringBuilder,
    outlet: StringBuilder,
    folder: StringBuilder,
    id: Int64Builder,
    file_title: StringBuilder,
    content_hash: StringBuilder,
    url: StringBuilder,
    timestamp: TimestampMicrosecondBuilder,
    title: StringBuilder,
    published: StringBuilder,
    published_utc: TimestampMicrosecondBuilder,
    published_date: Date32Builder,
    byline: ListBuilder<StringBuilder>,
    dateline: StringBuilder,
    lede: StringBuilder,
    text: StringBuilder,
    characters: Int64Builder,
    paragraph_count: Int64Builder,
    figure_count: Int64Builder,
    link_count: Int64Builder,
    figures: ListBuilder<StructBuilder>,
    links: ListBuilder<StructBuilder>,
    furniture: ListBuilder<StructBuilder>,
    furniture_links: ListBuilder<StructBuilder>,
    footer: StringBuilder,
    footer_links: ListBuilder<StructBuilder>,
    warnings: ListBuilder<StringBuilder>,
}

fn field_error() -> Fatal {
    Fatal::Io("parquet: a struct column lost its fields".to_owned())
}

fn push_links(
    builder: &mut ListBuilder<StructBuilder>,
    links: &[LinkRow<'_>],
) -> Result<(), Fatal> {
    for link in links {
        let s = builder.values();
        s.field_builder::<StringBuilder>(0)
            .ok_or_else(field_error)?
            .append_value(link.href);
        s.field_builder::<StringBuilder>(1)
            .ok_or_else(field_error)?
            .append_option(link.text);
        s.append(true);
    }
    builder.append(true);
    Ok(())
}

impl Columns {
    fn new(with_outlet: bool) -> Columns {
        let ts = || TimestampMicrosecondBuilder::new().with_timezone("UTC");
        Columns {
            with_outlet,
            schema_version: Int32Builder::new(),
            source: StringBuilder::new(),
            path: StringBuilder::new(),
            outlet: StringBuilder::new(),
            folder: StringBuilder::new(),
            id: Int64Builder::new(),
            file_title: StringBuilder::new(),
            content_hash: StringBuilder::new(),
            url: StringBuilder::new(),
            timestamp: ts(),
            title: StringBuilder::new(),
            published: StringBuilder::new(),
            published_utc: ts(),
            published_date: Date32Builder::new(),
            byline: ListBuilder::new(StringBuilder::new()),
            dateline: StringBuilder::new(),
            lede: StringBuilder::new(),
            text: StringBuilder::new(),
            characters: Int64Builder::new(),
            paragraph_count: Int64Builder::new(),
            figure_count: Int64Builder::new(),
            link_count: Int64Builder::new(),
            figures: ListBuilder::new(StructBuilder::from_fields(figure_fields(), 0)),
            links: ListBuilder::new(StructBuilder::from_fields(link_fields(), 0)),
            furniture: ListBuilder::new(StructBuilder::from_fields(furniture_fields(), 0)),
            furniture_links: ListBuilder::new(StructBuilder::from_fields(link_fields(), 0)),
            footer: StringBuilder::new(),
            footer_links: ListBuilder::new(StructBuilder::from_fields(link_fields(), 0)),
            warnings: ListBuilder::new(StringBuilder::new()),
        }
    }

    fn len(&self) -> usize {
        self.path.len()
    }

    fn push(&mut self, record: &Record) -> Result<(), Fatal> {
        let row = record.row(false);
        let epoch = NaiveDate::default();
        self.schema_version.append_value(row.schema_version);
        self.source.append_value(row.source);
        self.path.append_value(row.path);
        self.outlet.append_option(row.outlet);
        self.folder.append_option(row.folder);
        self.id.append_option(row.id);
        self.file_title.append_option(row.file_title);
        self.content_hash.append_value(row.content_hash);
        self.url.append_option(row.url);
        self.timestamp
            .append_option(row.timestamp.map(|t| t.timestamp_micros()));
        self.title.append_option(row.title);
        self.published.append_option(row.published.as_deref());
        self.published_utc
            .append_option(row.published_utc.map(|t| t.timestamp_micros()));
        self.published_date.append_option(
            row.published_date
                .and_then(|d| i32::try_from((d - epoch).num_days()).ok()),
        );
        for name in row.byline {
            self.byline.values().append_value(name);
        }
        self.byline.append(true);
        self.dateline.append_option(row.dateline);
        self.lede.append_option(row.lede);
        self.text.append_option(row.text);
        self.characters.append_value(row.characters);
        self.paragraph_count.append_value(row.paragraph_count);
        self.figure_count.append_value(row.figure_count);
        self.link_count.append_value(row.link_count);
        for f in &row.figures {
            let s = self.figures.values();
            for (i, value) in [f.src, f.original, f.alt, f.caption, f.credit]
                .into_iter()
                .enumerate()
            {
                s.field_builder::<StringBuilder>(i)
                    .ok_or_else(field_error)?
                    .append_option(value);
            }
            s.append(true);
        }
        self.figures.append(true);
        push_links(&mut self.links, &row.links)?;
        for piece in &row.furniture {
            let s = self.furniture.values();
            s.field_builder::<StringBuilder>(0)
                .ok_or_else(field_error)?
                .append_value(piece.kind);
            s.field_builder::<StringBuilder>(1)
                .ok_or_else(field_error)?
                .append_option(piece.text.as_deref());
            s.append(true);
        }
        self.furniture.append(true);
        push_links(&mut self.furniture_links, &row.furniture_links)?;
        self.footer.append_option(row.footer);
        push_links(&mut self.footer_links, &row.footer_links)?;
        for name in &row.warnings {
            self.warnings.values().append_value(name);
        }
        self.warnings.append(true);
        Ok(())
    }

    fn finish(&mut self) -> Vec<ArrayRef> {
        let mut arrays: Vec<ArrayRef> = vec![
            Arc::new(self.schema_version.finish()),
            Arc::new(self.source.finish()),
            Arc::new(self.path.finish()),
        ];
        let outlet: ArrayRef = Arc::new(self.outlet.finish());
        if self.with_outlet {
            arrays.push(outlet);
        }
        arrays.extend::<[ArrayRef; 25]>([
            Arc::new(self.folder.finish()),
            Arc::new(self.id.finish()),
            Arc::new(self.file_title.finish()),
            Arc::new(self.content_hash.finish()),
            Arc::new(self.url.finish()),
            Arc::new(self.timestamp.finish()),
            Arc::new(self.title.finish()),
            Arc::new(self.published.finish()),
            Arc::new(self.published_utc.finish()),
            Arc::new(self.published_date.finish()),
            Arc::new(self.byline.finish()),
            Arc::new(self.dateline.finish()),
            Arc::new(self.lede.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.characters.finish()),
            Arc::new(self.paragraph_count.finish()),
            Arc::new(self.figure_count.finish()),
            Arc::new(self.link_count.finish()),
            Arc::new(self.figures.finish()),
            Arc::new(self.links.finish()),
            Arc::new(self.furniture.finish()),
            Arc::new(self.furniture_links.finish()),
            Arc::new(self.footer.finish()),
            Arc::new(self.footer_links.finish()),
            Arc::new(self.warnings.finish()),
        ]);
        arrays
    }
}

fn parquet_error(path: &Path, e: impl std::fmt::Display) -> Fatal {
    Fatal::Io(format!("{}: {e}", path.display()))
}

/// One Parquet file being written: rows are gathered into `row_group`
/// rows, then written and flushed as one row group.
pub struct FileWriter {
    path: PathBuf,
    writer: ArrowWriter<BufWriter<File>>,
    columns: Columns,
    schema: SchemaRef,
    row_group: usize,
}

impl FileWriter {
    /// Creates the file (it must not exist: the caller has checked
    /// `--force`).
    ///
    /// # Errors
    ///
    /// [`Fatal::Io`] when the file cannot be created.
    pub fn create(path: &Path, row_group: usize, with_outlet: bool) -> Result<FileWriter, Fatal> {
        let file = File::create(path).map_err(|e| parquet_error(path, e))?;
        let schema = schema(with_outlet);
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(row_group))
            // The footer keeps every row group's statistics and page index
            // until the file closes: whole article texts as a column's
            // min and max would make memory grow with the archive.
            .set_statistics_truncate_length(Some(64))
            .set_column_index_truncate_length(Some(64))
            .set_key_value_metadata(Some(vec![KeyValue::new(
                "newsarchive.schema_version".to_owned(),
                SCHEMA_VERSION.to_string(),
            )]))
            .build();
        let writer = ArrowWriter::try_new(BufWriter::new(file), schema.clone(), Some(props))
            .map_err(|e| parquet_error(path, e))?;
        Ok(FileWriter {
            path: path.to_path_buf(),
            writer,
            columns: Columns::new(with_outlet),
            schema,
            row_group,
        })
    }

    /// Rows gathered and not yet written.
    fn buffered(&self) -> usize {
        self.columns.len()
    }

    /// Adds a row; a full row group is written at once.
    ///
    /// # Errors
    ///
    /// [`Fatal::Io`] when writing fails.
    pub fn push(&mut self, record: &Record) -> Result<(), Fatal> {
        self.columns.push(record)?;
        if self.columns.len() >= self.row_group {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the gathered rows as one row group.
    fn flush(&mut self) -> Result<(), Fatal> {
        if self.columns.len() == 0 {
            return Ok(());
        }
        let batch = RecordBatch::try_new(self.schema.clone(), self.columns.finish())
            .map_err(|e| parquet_error(&self.path, e))?;
        self.writer
            .write(&batch)
            .and_then(|()| self.writer.flush())
            .map_err(|e| parquet_error(&self.path, e))?;
        release_freed_memory();
        Ok(())
    }

    /// Writes what is left and the footer.
    ///
    /// # Errors
    ///
    /// [`Fatal::Io`] when writing fails.
    pub fn finish(mut self) -> Result<(), Fatal> {
        self.flush()?;
        let path = self.path.clone();
        self.writer
            .close()
            .map(|_| ())
            .map_err(|e| parquet_error(&path, e))
    }
}

/// Hands the memory a written row group freed back to the system. glibc
/// keeps freed heap memory for reuse, and the row groups' large buffers,
/// built and freed on different threads, left a partitioned run's peak
/// RSS growing with the archive (160 MB at 100,000 rows, 216 MB at
/// 300,000); trimmed, it stays at about 135 MB. mimalloc was tried: flat,
/// but at 258 MB.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the system; it
    // touches no memory in use and may be called at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// A Hive-style dataset: one folder per partition value, one or more
/// `part-NNNNN.parquet` files in each.
pub struct Dataset {
    root: PathBuf,
    keys: Vec<PartitionKey>,
    row_group: usize,
    open: HashMap<String, FileWriter>,
    next_part: usize,
}

impl Dataset {
    /// A dataset under `root` (an empty folder the caller made).
    pub fn new(root: &Path, keys: Vec<PartitionKey>, row_group: usize) -> Dataset {
        Dataset {
            root: root.to_path_buf(),
            keys,
            row_group,
            open: HashMap::new(),
            next_part: 0,
        }
    }

    fn partition_of(&self, record: &Record) -> String {
        let mut parts = Vec::with_capacity(self.keys.len());
        for key in &self.keys {
            let value = match key {
                PartitionKey::Outlet => record.identity.outlet.as_deref().map(escape),
                PartitionKey::Year => record.article.timestamp.map(|t| t.year().to_string()),
            };
            parts.push(format!(
                "{}={}",
                key.name(),
                value.unwrap_or_else(|| NULL_PARTITION.to_owned())
            ));
        }
        parts.join("/")
    }

    /// Adds a row to its partition's file. When the partitions together
    /// hold a row group's worth of rows, the fullest is written out, so
    /// memory stays at about one row group however many partitions there
    /// are.
    ///
    /// # Errors
    ///
    /// [`Fatal::Io`] when a folder or file cannot be made or written.
    pub fn push(&mut self, record: &Record) -> Result<(), Fatal> {
        let partition = self.partition_of(record);
        if !self.open.contains_key(&partition) {
            let dir = self.root.join(&partition);
            std::fs::create_dir_all(&dir).map_err(|e| parquet_error(&dir, e))?;
            let file = dir.join(format!("part-{:05}.parquet", self.next_part));
            self.next_part += 1;
            let with_outlet = !self.keys.contains(&PartitionKey::Outlet);
            let writer = FileWriter::create(&file, self.row_group, with_outlet)?;
            self.open.insert(partition.clone(), writer);
        }
        if let Some(writer) = self.open.get_mut(&partition) {
            writer.push(record)?;
        }
        let buffered: usize = self.open.values().map(FileWriter::buffered).sum();
        if buffered >= self.row_group
            && let Some(fullest) = self.open.values_mut().max_by_key(|w| w.buffered())
        {
            fullest.flush()?;
        }
        Ok(())
    }

    /// Closes every file.
    ///
    /// # Errors
    ///
    /// [`Fatal::Io`] when writing fails.
    pub fn finish(self) -> Result<(), Fatal> {
        for (_, writer) in self.open {
            writer.finish()?;
        }
        Ok(())
    }
}

/// A partition value as a folder name: Hive's escaping (`%XX`) of the
/// characters a path or a Hive reader would take for something else.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if c.is_control() || "\"#%'*/:=?\\\u{7f}{[]^ ".contains(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    if out.is_empty() || out == "." || out == ".." {
        return NULL_PARTITION.to_owned();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_has_the_columns() {
        let names: Vec<String> = schema(true)
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        assert_eq!(names, COLUMNS);
        assert_eq!(schema(false).fields().len(), COLUMNS.len() - 1);
        // Columns::finish must give one array per field, in order.
        for with_outlet in [true, false] {
            let arrays = Columns::new(with_outlet).finish();
            let schema = schema(with_outlet);
            assert!(RecordBatch::try_new(schema, arrays).is_ok());
        }
    }

    #[test]
    fn partition_values_are_escaped() {
        assert_eq!(escape("voa"), "voa");
        assert_eq!(escape("a/b=c"), "a%2Fb%3Dc");
        assert_eq!(escape(".."), NULL_PARTITION);
    }
}

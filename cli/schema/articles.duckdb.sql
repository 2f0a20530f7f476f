-- newsarchive articles, schema version 3: the columns of
-- `newsarchive convert --format parquet` (and csv; JSON Lines adds `blocks`).
-- Parquet types: strings UTF8, integers INT32/INT64, timestamps
-- TIMESTAMP(MICROS, UTC), published_date DATE, lists LIST. Nulls, never
-- empty strings, for what is missing. A dataset written with
-- --partition-by outlet leaves `outlet` out of its files: readers take it
-- from the `outlet=…` folders.
--
--   CREATE TABLE articles AS SELECT * FROM read_parquet('articles.parquet');
--   CREATE TABLE articles AS SELECT * FROM read_parquet('dataset/**/*.parquet', hive_partitioning = true);
CREATE TABLE articles (
    schema_version  INTEGER NOT NULL,   -- 3
    source          VARCHAR NOT NULL,   -- the input, as given on the command line
    path            VARCHAR NOT NULL,   -- articles/<folder>/…/<name>.md, from the archive root
    outlet          VARCHAR,            -- canonical code (bbc, cdt, dw, ft, nyt, reuters, rfa, rfi, voa) or the folder as written
    folder          VARCHAR,            -- the folder under articles/ as written (美国之音, BBC, voa)
    id              BIGINT,             -- <id> of <id>[_<title>].md
    file_title      VARCHAR,            -- <title> of <id>_<title>.md
    content_hash    VARCHAR NOT NULL,   -- SHA-256 hex of the parsed article less its warnings: equal across forks
    url             VARCHAR,
    "timestamp"     TIMESTAMPTZ,        -- header line 1 (epoch ms), UTC
    title           VARCHAR,
    published       VARCHAR,            -- the date line's date as precise as written (RFC 3339)
    published_utc   TIMESTAMPTZ,        -- null when the source gave no zone
    published_date  DATE,
    byline          VARCHAR[] NOT NULL,
    dateline        VARCHAR,
    lede            VARCHAR,            -- the first paragraph
    "text"          VARCHAR,            -- Article::to_text(): the story, furniture left out
    characters      BIGINT NOT NULL,
    paragraph_count BIGINT NOT NULL,
    figure_count    BIGINT NOT NULL,
    link_count      BIGINT NOT NULL,
    figures         STRUCT(src VARCHAR, original VARCHAR, alt VARCHAR, caption VARCHAR, credit VARCHAR)[] NOT NULL,
    links           STRUCT(href VARCHAR, "text" VARCHAR)[] NOT NULL,   -- date line and story, not the footer nor the furniture
    furniture       STRUCT(kind VARCHAR, "text" VARCHAR)[] NOT NULL,   -- page furniture: AsideKind::name() (related, staff, notice…) and text
    furniture_links STRUCT(href VARCHAR, "text" VARCHAR)[] NOT NULL,   -- the furniture's links
    footer          VARCHAR,
    footer_links    STRUCT(href VARCHAR, "text" VARCHAR)[] NOT NULL,
    warnings        VARCHAR[] NOT NULL  -- Warning::name() kind names
);

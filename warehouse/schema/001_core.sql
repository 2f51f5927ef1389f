-- Core tables: runs, the raw-response archive, documents and their versions.
-- System columns: *_at are TIMESTAMPTZ in UTC; run_id links every row to the run that wrote it.

CREATE SEQUENCE IF NOT EXISTS run_id_seq START 1;
CREATE SEQUENCE IF NOT EXISTS version_id_seq START 1;
CREATE SEQUENCE IF NOT EXISTS fetch_id_seq START 1;
CREATE SEQUENCE IF NOT EXISTS change_id_seq START 1;

CREATE TABLE runs (
    run_id          BIGINT PRIMARY KEY DEFAULT nextval('run_id_seq'),
    flow            VARCHAR NOT NULL,          -- monitor, backfill, reparse
    source          VARCHAR NOT NULL,          -- live or replay
    base_url        VARCHAR NOT NULL,
    prefect_flow_run_id VARCHAR,
    started_at      TIMESTAMPTZ NOT NULL,
    finished_at     TIMESTAMPTZ,
    status          VARCHAR NOT NULL,          -- running, completed, failed, abandoned
    discovered      INTEGER DEFAULT 0,
    fetched         INTEGER DEFAULT 0,
    not_modified    INTEGER DEFAULT 0,
    unchanged       INTEGER DEFAULT 0,
    new_documents   INTEGER DEFAULT 0,
    new_versions    INTEGER DEFAULT 0,
    changes         INTEGER DEFAULT 0,
    flagged_changes INTEGER DEFAULT 0,
    errors          INTEGER DEFAULT 0
);

-- Every body GOV.UK sent us, content-addressed (sha256 of the raw bytes), zlib-compressed.
CREATE TABLE raw_bodies (
    sha256          VARCHAR PRIMARY KEY,
    size_bytes      BIGINT NOT NULL,
    compressed      BLOB NOT NULL
);

-- One row per HTTP response (including 304/404/410), pointing at its archived body.
CREATE TABLE fetches (
    fetch_id        BIGINT PRIMARY KEY DEFAULT nextval('fetch_id_seq'),
    run_id          BIGINT NOT NULL,
    url             VARCHAR NOT NULL,
    base_path       VARCHAR NOT NULL,
    final_path      VARCHAR,
    status_code     INTEGER NOT NULL,
    outcome         VARCHAR NOT NULL,          -- ok, not_modified, vanished, gone, error
    headers         JSON,
    body_sha256     VARCHAR,                   -- raw_bodies.sha256, NULL when there was no body
    fetched_at      TIMESTAMPTZ NOT NULL,
    elapsed_ms      DOUBLE
);

CREATE TABLE documents (
    content_id        VARCHAR NOT NULL,
    locale            VARCHAR NOT NULL,
    base_path         VARCHAR NOT NULL,          -- current path
    title             VARCHAR,
    document_type     VARCHAR,
    status            VARCHAR NOT NULL,          -- live, withdrawn, gone, redirect, vanished
    first_published_at TIMESTAMPTZ,
    public_updated_at TIMESTAMPTZ,
    current_version_id BIGINT,
    version_count     INTEGER NOT NULL DEFAULT 0,
    first_seen_at     TIMESTAMPTZ NOT NULL,
    last_checked_at   TIMESTAMPTZ NOT NULL,
    last_changed_at   TIMESTAMPTZ,
    etag              VARCHAR,
    last_modified     VARCHAR,
    profiles          VARCHAR[],                 -- discovery profiles that found it
    PRIMARY KEY (content_id, locale)
);

CREATE TABLE document_paths (
    content_id      VARCHAR NOT NULL,
    locale          VARCHAR NOT NULL,
    base_path       VARCHAR NOT NULL,
    first_seen_at   TIMESTAMPTZ NOT NULL,
    last_seen_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (content_id, locale, base_path)
);

-- Git-history style: a row only when the normalised content (record hash) changes.
CREATE TABLE document_versions (
    version_id        BIGINT PRIMARY KEY DEFAULT nextval('version_id_seq'),
    content_id        VARCHAR NOT NULL,
    locale            VARCHAR NOT NULL,
    version_number    INTEGER NOT NULL,
    content_hash      VARCHAR NOT NULL,
    base_path         VARCHAR NOT NULL,
    title             VARCHAR,
    status            VARCHAR NOT NULL,
    public_updated_at TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ,
    change_note       VARCHAR,                   -- newest change-history note at capture
    captured_at       TIMESTAMPTZ NOT NULL,
    valid_from        TIMESTAMPTZ NOT NULL,
    valid_to          TIMESTAMPTZ,               -- NULL for the current version
    body_sha256       VARCHAR,                   -- raw_bodies.sha256 it was parsed from
    parser_version    VARCHAR NOT NULL,
    record            JSON NOT NULL,             -- the whole parsed Announcement
    run_id            BIGINT NOT NULL,
    UNIQUE (content_id, locale, version_number)
);

-- What went wrong, per document, with the raw body kept for a later reparse.
CREATE TABLE errors (
    run_id          BIGINT NOT NULL,
    stage           VARCHAR NOT NULL,            -- discover, fetch, parse, load
    base_path       VARCHAR,
    content_id      VARCHAR,
    url             VARCHAR,
    message         VARCHAR NOT NULL,
    body_sha256     VARCHAR,
    occurred_at     TIMESTAMPTZ NOT NULL
);

-- Per-profile high-water mark (newest public_timestamp seen) and other small cached values.
CREATE TABLE state (
    key             VARCHAR PRIMARY KEY,
    value           VARCHAR NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

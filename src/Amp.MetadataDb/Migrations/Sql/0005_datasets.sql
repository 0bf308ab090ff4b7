-- Datasets, manifests and tags (Amp's registry), and the physical storage tables the extraction job fills.
-- Names and columns follow Amp's metadata database so its tools can read ours.

-- Stored manifests: content lives in manifests_dir under the file name <hash>.
CREATE TABLE manifest_files (
    hash       TEXT        PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
    path       TEXT        NOT NULL,
    kind       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Which datasets (namespace, name) a manifest belongs to.
CREATE TABLE dataset_manifests (
    namespace  TEXT        NOT NULL,
    name       TEXT        NOT NULL,
    hash       TEXT        NOT NULL REFERENCES manifest_files (hash) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (namespace, name, hash)
);

CREATE INDEX idx_dataset_manifests_hash ON dataset_manifests (hash);

-- Version tags: semver tags plus the special rows 'latest' (highest semver) and 'dev' (last registration).
CREATE TABLE tags (
    namespace  TEXT        NOT NULL,
    name       TEXT        NOT NULL,
    version    TEXT        NOT NULL,
    hash       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (namespace, name, version),
    FOREIGN KEY (namespace, name, hash) REFERENCES dataset_manifests (namespace, name, hash) ON DELETE CASCADE
);

CREATE INDEX idx_tags_hash ON tags (hash);

-- One storage location (revision) of a table: <data_dir>/<path>, path = <ns>/<name>/<table>/<uuidv7>.
-- id is Amp's location_id; writer is the job that owns it.
CREATE TABLE physical_table_revisions (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    path       TEXT        NOT NULL UNIQUE,
    writer     BIGINT      REFERENCES jobs (id) ON DELETE SET NULL,
    metadata   JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX idx_physical_table_revisions_writer ON physical_table_revisions (writer);

-- A table of a dataset version and its active revision.
CREATE TABLE physical_tables (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dataset_namespace  TEXT        NOT NULL,
    dataset_name       TEXT        NOT NULL,
    manifest_hash      TEXT        NOT NULL,
    table_name         TEXT        NOT NULL,
    active_revision_id BIGINT      REFERENCES physical_table_revisions (id) ON DELETE SET NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (dataset_namespace, dataset_name, manifest_hash, table_name)
);

CREATE INDEX idx_physical_tables_active_revision_id ON physical_tables (active_revision_id);

-- One committed Parquet segment of a revision. url is the revision directory; metadata is the ParquetMeta
-- JSON of the file's nozzle_metadata footer entry.
CREATE TABLE file_metadata (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    location_id    BIGINT      NOT NULL REFERENCES physical_table_revisions (id) ON DELETE CASCADE,
    url            TEXT        NOT NULL,
    file_name      TEXT        NOT NULL,
    object_size    BIGINT,
    object_e_tag   TEXT,
    object_version TEXT,
    metadata       JSONB       NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (location_id, file_name)
);

-- The serialised Parquet footer of a file, so queries plan without reading it from storage.
CREATE TABLE footer_cache (
    file_id BIGINT PRIMARY KEY REFERENCES file_metadata (id) ON DELETE CASCADE,
    footer  BYTEA  NOT NULL
);

-- Files waiting for deletion after compaction. Unlike Amp, file_path is not unique across revisions and the
-- expiry carries no CHECK against now(), so pruning copies and zero delays work.
CREATE TABLE gc_manifest (
    file_id     BIGINT      PRIMARY KEY REFERENCES file_metadata (id) ON DELETE CASCADE,
    location_id BIGINT      NOT NULL REFERENCES physical_table_revisions (id) ON DELETE CASCADE,
    file_path   TEXT        NOT NULL,
    expiration  TIMESTAMPTZ NOT NULL
);

CREATE INDEX idx_gc_manifest_location_id_expiration ON gc_manifest (location_id, expiration);

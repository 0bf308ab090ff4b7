-- Workers: one row per node ID ever registered. created_at never changes; registered_at and
-- heartbeat_at move with every registration; epoch is the current incarnation's number.
CREATE TABLE workers (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    node_id          TEXT        NOT NULL,
    info             JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    registered_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    heartbeat_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    epoch            BIGINT      NOT NULL DEFAULT 0,
    CONSTRAINT workers_node_id_key UNIQUE (node_id)
);

-- Incarnations: one row per start or reconnect of a node ID, never updated after it ends.
-- last_heartbeat_at is written when the incarnation ends; while it is open the live value is
-- workers.heartbeat_at (one write per heartbeat, not two).
CREATE TABLE worker_incarnations (
    node_id           TEXT        NOT NULL REFERENCES workers (node_id),
    epoch             BIGINT      NOT NULL,
    host              TEXT        NOT NULL,
    pid               INTEGER     NOT NULL,
    backend_pid       INTEGER     NOT NULL,
    info              JSONB       NOT NULL DEFAULT '{}'::jsonb,
    started_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_heartbeat_at TIMESTAMPTZ,
    ended_at          TIMESTAMPTZ,
    end_reason        TEXT,
    PRIMARY KEY (node_id, epoch),
    CONSTRAINT worker_incarnations_end_reason_check
        CHECK (end_reason IN ('graceful', 'connection_lost', 'superseded', 'crashed')),
    CONSTRAINT worker_incarnations_ended_consistent
        CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);

CREATE INDEX worker_incarnations_open_idx ON worker_incarnations (node_id) WHERE ended_at IS NULL;

-- Refused duplicate starts: a process that found the node ID's lock held by another live session.
CREATE TABLE worker_duplicate_starts (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    node_id            TEXT        NOT NULL,
    refused_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    host               TEXT        NOT NULL,
    pid                INTEGER     NOT NULL,
    info               JSONB       NOT NULL DEFAULT '{}'::jsonb,
    holder_backend_pid INTEGER
);

CREATE INDEX worker_duplicate_starts_node_idx ON worker_duplicate_starts (node_id, refused_at);
CREATE INDEX worker_duplicate_starts_time_idx ON worker_duplicate_starts (refused_at);

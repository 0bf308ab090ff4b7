-- Drain: an operator asks a worker to take no new jobs; the worker acknowledges on its next heartbeat.
-- Retire: an inactive worker leaves lists and counts; its row and history stay.
ALTER TABLE workers
    ADD COLUMN draining_since        TIMESTAMPTZ,
    ADD COLUMN drain_acknowledged_at TIMESTAMPTZ,
    ADD COLUMN retired_at            TIMESTAMPTZ;

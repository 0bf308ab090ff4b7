-- GET /workers at fleet scale: the lock holders are joined to the open incarnations by backend pid, and the load
-- of each worker is one grouped scan of the active job statuses.
CREATE INDEX worker_incarnations_open_backend_idx ON worker_incarnations (backend_pid) WHERE ended_at IS NULL;
CREATE INDEX jobs_status_active_node_idx ON jobs_status (node_id) WHERE status IN ('SCHEDULED', 'RUNNING', 'STOP_REQUESTED', 'STOPPING');

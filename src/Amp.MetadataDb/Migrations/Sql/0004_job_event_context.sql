-- A SCHEDULED event's detail is the job descriptor itself, as in Amp (its tools read it as JobInfo.descriptor).
-- Why the job was scheduled (reason, attempt, from_node, why) moves to a column of its own.
ALTER TABLE job_events ADD COLUMN context JSONB;

UPDATE job_events
SET context = detail - 'descriptor', detail = detail -> 'descriptor'
WHERE event_type = 'SCHEDULED' AND detail ? 'descriptor';

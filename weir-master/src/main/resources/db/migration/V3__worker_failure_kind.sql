-- Whether a failed worker's failure counts against its slot's resubmit limit (TRANSIENT), failed the job (PERMANENT),
-- or was the agent's (PORT_IN_USE); null for workers stopped on purpose. Lets a restart rebuild the limiter exactly.
ALTER TABLE workers ADD COLUMN failure_kind VARCHAR(20);

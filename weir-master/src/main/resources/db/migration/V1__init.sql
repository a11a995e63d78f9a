-- Weir master store: one row per job cluster, job and worker; JSON columns hold definitions.
CREATE TABLE job_clusters (
    name            VARCHAR(100) PRIMARY KEY,
    definition      TEXT         NOT NULL,
    last_job_number BIGINT       NOT NULL,
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL
);

CREATE TABLE jobs (
    job_id       VARCHAR(130) PRIMARY KEY,
    cluster      VARCHAR(100) NOT NULL,
    job_number   BIGINT       NOT NULL,
    state        VARCHAR(20)  NOT NULL,
    definition   TEXT         NOT NULL,
    submitted_at BIGINT       NOT NULL,
    ended_at     BIGINT,
    reason       TEXT
);
CREATE INDEX jobs_by_cluster ON jobs (cluster, job_number);
CREATE INDEX jobs_by_state ON jobs (state);

CREATE TABLE workers (
    job_id           VARCHAR(130) NOT NULL,
    worker_number    BIGINT       NOT NULL,
    stage            INT          NOT NULL,
    worker_index     INT          NOT NULL,
    state            VARCHAR(20)  NOT NULL,
    host             VARCHAR(255),
    ports            VARCHAR(1000),
    task_executor_id VARCHAR(255),
    resubmit_of      BIGINT,
    resubmit_count   INT          NOT NULL,
    reason           TEXT,
    accepted_at      BIGINT       NOT NULL,
    started_at       BIGINT,
    ended_at         BIGINT,
    PRIMARY KEY (job_id, worker_number)
);
CREATE INDEX workers_by_state ON workers (state);

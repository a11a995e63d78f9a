-- Registered task executors (agents), so a restarted master accepts their heartbeats without a new registration.
CREATE TABLE task_executors (
    id               VARCHAR(255) PRIMARY KEY,
    resource_cluster VARCHAR(100) NOT NULL,
    registration     TEXT         NOT NULL,
    registered_at    BIGINT       NOT NULL
);

-- The store's owner: each master that opens the store takes the next epoch, and every write checks it still holds it,
-- so a master that lost the store to another (a second master on the same database) can no longer change anything.
CREATE TABLE master_lease (
    id          INT PRIMARY KEY,
    epoch       BIGINT       NOT NULL,
    owner       VARCHAR(255),
    acquired_at BIGINT       NOT NULL
);
INSERT INTO master_lease (id, epoch, owner, acquired_at) VALUES (1, 0, NULL, 0);

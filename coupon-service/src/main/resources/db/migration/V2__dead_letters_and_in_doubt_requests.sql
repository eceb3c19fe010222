-- Requests that always end (issue 8):
--   dead_letter       (common-lib's) a v3 record that kept failing, kept for the admin API (list, replay once);
--                     one row per consumed record: uk_dead_letter_record
--   issue_in_doubt    (the issuing kit's, common-lib) a v3 publish the broker never acknowledged: the caller
--                     was told 202, and the request is decided once, by the consumer if the record
--                     arrives, else REJECTED PUBLISH_FAILED after the delivery window; the
--                     issue_request primary key makes the first decision final.
-- Times are UTC.

CREATE TABLE dead_letter (
    id               BIGINT        NOT NULL AUTO_INCREMENT,
    topic            VARCHAR(249)  NOT NULL,
    kafka_partition  INT           NOT NULL,
    kafka_offset     BIGINT        NOT NULL,
    record_key       VARCHAR(255)  NULL,
    payload          MEDIUMBLOB    NULL,
    error            VARCHAR(1000) NULL,
    status           VARCHAR(16)   NOT NULL,
    created_at       DATETIME(6)   NOT NULL,
    replayed_at      DATETIME(6)   NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_dead_letter_record UNIQUE (topic, kafka_partition, kafka_offset),
    CONSTRAINT ck_dead_letter_status CHECK (status IN ('NEW', 'REPLAYED'))
) ENGINE = InnoDB;

CREATE TABLE issue_in_doubt (
    request_id     CHAR(36)     NOT NULL,
    resource       VARCHAR(32)  NOT NULL,
    resource_id    VARCHAR(64)  NOT NULL,
    holder_id      VARCHAR(64)  NOT NULL,
    units          INT          NOT NULL,
    period         VARCHAR(32)  NOT NULL,
    gate_epoch     VARCHAR(64)  NOT NULL,
    requested_at   DATETIME(6)  NOT NULL,
    resolve_after  DATETIME(6)  NOT NULL,
    PRIMARY KEY (request_id),
    INDEX ix_issue_in_doubt_due (resource, resolve_after)
) ENGINE = InnoDB;

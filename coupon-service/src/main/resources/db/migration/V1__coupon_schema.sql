-- coupon-service schema. The invariants of DESIGN.md §2 live here:
--   issued_quantity <= total_quantity      ck_coupon_policy_issued (CHECK, enforced by MariaDB 10.2+ / MySQL 8.0.16+)
--   per user at most per_user_limit        uk_issued_coupon_user_seq: one row per (coupon, user, seq), seq in 1..limit
--   one effect per request id              uk_issued_coupon_request, issue_request primary key
-- Amounts are KRW (whole numbers); times are UTC.

CREATE TABLE coupon_policy (
    id                   BIGINT       NOT NULL AUTO_INCREMENT,
    name                 VARCHAR(100) NOT NULL,
    discount_type        VARCHAR(16)  NOT NULL,
    discount_value       BIGINT       NOT NULL,
    max_discount_amount  BIGINT       NULL,
    min_order_amount     BIGINT       NOT NULL,
    total_quantity       INT          NOT NULL,
    issued_quantity      INT          NOT NULL DEFAULT 0,
    per_user_limit       INT          NOT NULL,
    issue_starts_at      DATETIME(6)  NOT NULL,
    issue_ends_at        DATETIME(6)  NOT NULL,
    valid_days           INT          NOT NULL,
    status               VARCHAR(16)  NOT NULL,
    created_at           DATETIME(6)  NOT NULL,
    updated_at           DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_coupon_policy_issued CHECK (issued_quantity >= 0 AND issued_quantity <= total_quantity),
    CONSTRAINT ck_coupon_policy_quantity CHECK (total_quantity > 0 AND per_user_limit > 0),
    CONSTRAINT ck_coupon_policy_discount CHECK (discount_value > 0 AND min_order_amount >= 0),
    CONSTRAINT ck_coupon_policy_window CHECK (issue_ends_at > issue_starts_at),
    CONSTRAINT ck_coupon_policy_status CHECK (status IN ('ACTIVE', 'PAUSED', 'ENDED'))
) ENGINE = InnoDB;

CREATE TABLE issued_coupon (
    id               BIGINT      NOT NULL AUTO_INCREMENT,
    coupon_id        BIGINT      NOT NULL,
    user_id          VARCHAR(64) NOT NULL,
    user_seq         INT         NOT NULL,
    request_id       CHAR(36)    NOT NULL,
    strategy         VARCHAR(4)  NOT NULL,
    status           VARCHAR(16) NOT NULL,
    issued_at        DATETIME(6) NOT NULL,
    expires_at       DATETIME(6) NOT NULL,
    order_id         VARCHAR(64) NULL,
    order_amount     BIGINT      NULL,
    discount_amount  BIGINT      NULL,
    redeemed_at      DATETIME(6) NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_issued_coupon_user_seq UNIQUE (coupon_id, user_id, user_seq),
    CONSTRAINT uk_issued_coupon_request UNIQUE (request_id),
    CONSTRAINT fk_issued_coupon_policy FOREIGN KEY (coupon_id) REFERENCES coupon_policy (id),
    CONSTRAINT ck_issued_coupon_seq CHECK (user_seq >= 1),
    CONSTRAINT ck_issued_coupon_status CHECK (status IN ('ISSUED', 'USED')),
    INDEX ix_issued_coupon_user (user_id, issued_at)
) ENGINE = InnoDB;

-- Outcome of each queued (v3) issue request, written in the same transaction as the
-- issued coupon; its primary key makes a redelivered Kafka message a no-op.
CREATE TABLE issue_request (
    request_id        CHAR(36)    NOT NULL,
    coupon_id         BIGINT      NOT NULL,
    user_id           VARCHAR(64) NOT NULL,
    status            VARCHAR(16) NOT NULL,
    reason            VARCHAR(32) NULL,
    issued_coupon_id  BIGINT      NULL,
    requested_at      DATETIME(6) NOT NULL,
    processed_at      DATETIME(6) NOT NULL,
    PRIMARY KEY (request_id),
    CONSTRAINT ck_issue_request_status CHECK (status IN ('ISSUED', 'REJECTED'))
) ENGINE = InnoDB;

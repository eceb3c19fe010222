-- point-service schema (DESIGN.md §4.2). The invariants live here:
--   per account: balance = Σ ledger amounts = Σ lot remaining >= 0
--                                           ck_point_account_balance; every change of a lot's remaining
--                                           writes one ledger entry and the account's balance in the
--                                           same transaction, under the account's row lock
--   0 <= lot remaining <= lot amount        ck_point_lot_remaining
--   joins <= total_joins                    ck_point_promotion_joins
--   per-user joins <= max_joins_per_user    uk_point_join_user_seq: one row per (promotion, user, seq),
--                                           seq in 1..limit, taken under the promotion's row lock
--   one join per user per business day      uk_point_join_daily (daily_key is joined_on only when
--                                           the promotion is once-per-day; NULLs never collide)
--   one effect per orderId                  uk_point_use_order (user, order id), point_use_tombstone
--   one effect per sourceId                 point_grant primary key
--   one effect per request id               uk_point_use_request, uk_point_join_request, point_request
--   one effect per event id                 point_reward_event primary key
-- Points are whole points; times are UTC.

CREATE TABLE point_account (
    user_id     VARCHAR(64) NOT NULL,
    balance     BIGINT      NOT NULL DEFAULT 0,
    created_at  DATETIME(6) NOT NULL,
    updated_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (user_id),
    CONSTRAINT ck_point_account_balance CHECK (balance >= 0)
) ENGINE = InnoDB;

-- Every EARN is a lot; uses take lots earliest expiry first (ties by id).
CREATE TABLE point_lot (
    id          BIGINT      NOT NULL AUTO_INCREMENT,
    user_id     VARCHAR(64) NOT NULL,
    amount      BIGINT      NOT NULL,
    remaining   BIGINT      NOT NULL,
    source      VARCHAR(16) NOT NULL,
    -- What earned it: the grant's sourceId, the join id, the order id of a purchase reward, the
    -- use id a cancel restored.
    source_ref  VARCHAR(64) NOT NULL,
    earned_at   DATETIME(6) NOT NULL,
    expires_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_point_lot_source UNIQUE (source, source_ref),
    CONSTRAINT ck_point_lot_remaining CHECK (amount > 0 AND remaining >= 0 AND remaining <= amount),
    CONSTRAINT ck_point_lot_source CHECK (source IN ('GRANT', 'PROMOTION', 'PURCHASE_REWARD', 'RESTORED')),
    INDEX ix_point_lot_spendable (user_id, expires_at, id),
    INDEX ix_point_lot_expiry (expires_at, remaining)
) ENGINE = InnoDB;

-- The append-only ledger: amount is signed (EARN, CANCEL_USE > 0; USE, EXPIRE, REVOKE < 0);
-- balance_after is the account's Σ ledger after the entry.
CREATE TABLE point_ledger_entry (
    id             BIGINT       NOT NULL AUTO_INCREMENT,
    user_id        VARCHAR(64)  NOT NULL,
    type           VARCHAR(16)  NOT NULL,
    amount         BIGINT       NOT NULL,
    balance_after  BIGINT       NOT NULL,
    reason         VARCHAR(200) NULL,
    order_id       VARCHAR(64)  NULL,
    promotion_id   BIGINT       NULL,
    lot_id         BIGINT       NULL,
    -- REVOKE only: what of the reward was already spent and is not clawed back.
    shortfall      BIGINT       NULL,
    created_at     DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_point_ledger_type CHECK (type IN ('EARN', 'USE', 'CANCEL_USE', 'EXPIRE', 'REVOKE')),
    CONSTRAINT ck_point_ledger_balance CHECK (balance_after >= 0),
    INDEX ix_point_ledger_user (user_id, id),
    INDEX ix_point_ledger_user_type (user_id, type, id)
) ENGINE = InnoDB;

-- Admin grants, idempotent per source_id.
CREATE TABLE point_grant (
    source_id   VARCHAR(64)  NOT NULL,
    user_id     VARCHAR(64)  NOT NULL,
    amount      BIGINT       NOT NULL,
    reason      VARCHAR(200) NOT NULL,
    valid_days  INT          NOT NULL,
    lot_id      BIGINT       NOT NULL,
    granted_by  VARCHAR(64)  NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (source_id)
) ENGINE = InnoDB;

-- A use of points for an order; point_use_lot says how much it took from each lot.
CREATE TABLE point_use (
    id             BIGINT      NOT NULL AUTO_INCREMENT,
    user_id        VARCHAR(64) NOT NULL,
    order_id       VARCHAR(64) NOT NULL,
    amount         BIGINT      NOT NULL,
    request_id     CHAR(36)    NOT NULL,
    strategy       VARCHAR(4)  NOT NULL,
    status         VARCHAR(16) NOT NULL,
    balance_after  BIGINT      NOT NULL,
    used_at        DATETIME(6) NOT NULL,
    cancelled_at   DATETIME(6) NULL,
    cancelled_by   VARCHAR(64) NULL,
    restored       BIGINT      NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_point_use_order UNIQUE (user_id, order_id),
    CONSTRAINT uk_point_use_request UNIQUE (request_id),
    CONSTRAINT ck_point_use_amount CHECK (amount > 0),
    CONSTRAINT ck_point_use_status CHECK (status IN ('USED', 'CANCELLED'))
) ENGINE = InnoDB;

CREATE TABLE point_use_lot (
    use_id  BIGINT NOT NULL,
    lot_id  BIGINT NOT NULL,
    amount  BIGINT NOT NULL,
    PRIMARY KEY (use_id, lot_id),
    CONSTRAINT fk_point_use_lot_use FOREIGN KEY (use_id) REFERENCES point_use (id),
    CONSTRAINT fk_point_use_lot_lot FOREIGN KEY (lot_id) REFERENCES point_lot (id),
    CONSTRAINT ck_point_use_lot_amount CHECK (amount > 0)
) ENGINE = InnoDB;

-- A cancel of a use that did not exist: a use for that order arriving later is refused
-- (409 USE_CANCELLED).
CREATE TABLE point_use_tombstone (
    user_id     VARCHAR(64) NOT NULL,
    order_id    VARCHAR(64) NOT NULL,
    created_by  VARCHAR(64) NOT NULL,
    created_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (user_id, order_id)
) ENGINE = InnoDB;

CREATE TABLE point_promotion (
    id                  BIGINT       NOT NULL AUTO_INCREMENT,
    name                VARCHAR(100) NOT NULL,
    reward_points       BIGINT       NOT NULL,
    reward_valid_days   INT          NOT NULL,
    total_joins         INT          NULL,
    joined_count        INT          NOT NULL DEFAULT 0,
    max_joins_per_user  INT          NULL,
    once_per_day        BOOLEAN      NOT NULL,
    starts_at           DATETIME(6)  NOT NULL,
    ends_at             DATETIME(6)  NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    created_at          DATETIME(6)  NOT NULL,
    updated_at          DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_point_promotion_joins CHECK (joined_count >= 0 AND (total_joins IS NULL OR joined_count <= total_joins)),
    CONSTRAINT ck_point_promotion_limits CHECK ((total_joins IS NULL OR total_joins > 0)
        AND (max_joins_per_user IS NULL OR max_joins_per_user > 0)),
    CONSTRAINT ck_point_promotion_reward CHECK (reward_points > 0 AND reward_valid_days BETWEEN 1 AND 3650),
    CONSTRAINT ck_point_promotion_window CHECK (ends_at > starts_at),
    CONSTRAINT ck_point_promotion_status CHECK (status IN ('ACTIVE', 'PAUSED', 'ENDED'))
) ENGINE = InnoDB;

CREATE TABLE point_promotion_prerequisite (
    promotion_id           BIGINT NOT NULL,
    required_promotion_id  BIGINT NOT NULL,
    PRIMARY KEY (promotion_id, required_promotion_id),
    CONSTRAINT fk_point_prerequisite_promotion FOREIGN KEY (promotion_id) REFERENCES point_promotion (id),
    CONSTRAINT fk_point_prerequisite_required FOREIGN KEY (required_promotion_id) REFERENCES point_promotion (id)
) ENGINE = InnoDB;

CREATE TABLE point_join (
    id             BIGINT      NOT NULL AUTO_INCREMENT,
    promotion_id   BIGINT      NOT NULL,
    user_id        VARCHAR(64) NOT NULL,
    user_seq       INT         NOT NULL,
    joined_on      DATE        NOT NULL,
    daily_key      DATE        NULL,
    reward_points  BIGINT      NOT NULL,
    lot_id         BIGINT      NOT NULL,
    request_id     CHAR(36)    NOT NULL,
    strategy       VARCHAR(4)  NOT NULL,
    joined_at      DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_point_join_user_seq UNIQUE (promotion_id, user_id, user_seq),
    CONSTRAINT uk_point_join_daily UNIQUE (promotion_id, user_id, daily_key),
    CONSTRAINT uk_point_join_request UNIQUE (request_id),
    CONSTRAINT fk_point_join_promotion FOREIGN KEY (promotion_id) REFERENCES point_promotion (id),
    CONSTRAINT ck_point_join_seq CHECK (user_seq >= 1),
    INDEX ix_point_join_user (user_id, id)
) ENGINE = InnoDB;

-- Outcome of each batched (v2, v3) use or join request, written in the same transaction as its
-- effect; its primary key makes a redelivered Kafka message a no-op. No row yet: PENDING.
CREATE TABLE point_request (
    request_id    CHAR(36)    NOT NULL,
    kind          VARCHAR(8)  NOT NULL,
    resource_id   VARCHAR(64) NOT NULL,
    user_id       VARCHAR(64) NOT NULL,
    status        VARCHAR(16) NOT NULL,
    reason        VARCHAR(32) NULL,
    use_id        BIGINT      NULL,
    join_id       BIGINT      NULL,
    requested_at  DATETIME(6) NOT NULL,
    processed_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (request_id),
    CONSTRAINT ck_point_request_kind CHECK (kind IN ('USE', 'JOIN')),
    CONSTRAINT ck_point_request_status CHECK (status IN ('DONE', 'REJECTED')),
    INDEX ix_point_request_resource (kind, resource_id)
) ENGINE = InnoDB;

-- Purchase rewards and their revocations, once per event id.
CREATE TABLE point_reward_event (
    event_id      VARCHAR(64) NOT NULL,
    type          VARCHAR(16) NOT NULL,
    order_id      VARCHAR(64) NOT NULL,
    user_id       VARCHAR(64) NOT NULL,
    points        BIGINT      NOT NULL,
    lot_id        BIGINT      NULL,
    processed_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (event_id),
    CONSTRAINT ck_point_reward_event_type CHECK (type IN ('CONFIRMED', 'REFUNDED'))
) ENGINE = InnoDB;

-- common-lib's: dead-lettered records (admin list and replay) and in-doubt v3 publishes.
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

-- ShedLock's table (single-runner jobs: the lot expiry sweep).
CREATE TABLE shedlock (
    name        VARCHAR(64)  NOT NULL,
    lock_until  TIMESTAMP(3) NOT NULL,
    locked_at   TIMESTAMP(3) NOT NULL,
    locked_by   VARCHAR(255) NOT NULL,
    PRIMARY KEY (name)
) ENGINE = InnoDB;

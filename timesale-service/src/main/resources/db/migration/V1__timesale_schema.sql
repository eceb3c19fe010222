-- timesale-service schema (DESIGN.md §4.3). The invariants live here:
--   held + sold <= total stock               ck_time_sale_stock: every hold, release, sale and refund is a
--                                            conditional UPDATE of time_sale's counters
--   a user's held + paid <= per-user limit   ck_sale_buyer_limit: sale_buyer.quantity (held + paid units
--                                            of one user in one sale) against the limit copied onto the row
--   pay, cancel, expiry happen once          conditional UPDATE … WHERE status = 'HELD' on sale_order; the
--                                            stock goes back only when that update changed the row
--   one order per request id / key           uk_sale_order_request (the request id is the Idempotency-Key's
--                                            id, or a fresh UUID)
--   one confirmed event per paid order       uk_sale_order_confirmed_event: the event id is set with the
--                                            HELD → PAID update, in the transaction that writes the outbox
-- Amounts are whole KRW; times are UTC.

CREATE TABLE product (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    name        VARCHAR(200) NOT NULL,
    list_price  BIGINT       NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT ck_product_list_price CHECK (list_price >= 0)
) ENGINE = InnoDB;

-- status is what an admin stored (the kill switch); UPCOMING / LIVE / SOLD_OUT / ENDED are derived.
CREATE TABLE time_sale (
    id              BIGINT      NOT NULL AUTO_INCREMENT,
    product_id      BIGINT      NOT NULL,
    sale_price      BIGINT      NOT NULL,
    total_stock     INT         NOT NULL,
    held_quantity   INT         NOT NULL DEFAULT 0,
    sold_quantity   INT         NOT NULL DEFAULT 0,
    per_user_limit  INT         NOT NULL,
    starts_at       DATETIME(6) NOT NULL,
    ends_at         DATETIME(6) NOT NULL,
    hold_seconds    INT         NOT NULL,
    status          VARCHAR(16) NOT NULL,
    created_at      DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_time_sale_product FOREIGN KEY (product_id) REFERENCES product (id),
    CONSTRAINT ck_time_sale_stock CHECK (held_quantity >= 0 AND sold_quantity >= 0
        AND held_quantity + sold_quantity <= total_stock),
    CONSTRAINT ck_time_sale_total CHECK (total_stock >= 1),
    CONSTRAINT ck_time_sale_price CHECK (sale_price >= 0),
    CONSTRAINT ck_time_sale_limit CHECK (per_user_limit >= 1),
    CONSTRAINT ck_time_sale_hold CHECK (hold_seconds >= 1),
    CONSTRAINT ck_time_sale_window CHECK (ends_at > starts_at),
    CONSTRAINT ck_time_sale_status CHECK (status IN ('ACTIVE', 'PAUSED', 'ENDED')),
    INDEX ix_time_sale_window (starts_at, ends_at)
) ENGINE = InnoDB;

-- Units one user holds or has paid for in one sale (cancelled, expired and refunded orders give theirs back).
CREATE TABLE sale_buyer (
    sale_id         BIGINT      NOT NULL,
    user_id         VARCHAR(64) NOT NULL,
    quantity        INT         NOT NULL,
    per_user_limit  INT         NOT NULL,
    PRIMARY KEY (sale_id, user_id),
    CONSTRAINT fk_sale_buyer_sale FOREIGN KEY (sale_id) REFERENCES time_sale (id),
    CONSTRAINT ck_sale_buyer_limit CHECK (quantity >= 0 AND quantity <= per_user_limit)
) ENGINE = InnoDB;

-- An order holds its units until pay_by. pay_lease_until is set while a pay saga runs: the sweep and a
-- cancel leave the order alone until the saga has decided (or its lease has run out).
CREATE TABLE sale_order (
    id                    BIGINT      NOT NULL AUTO_INCREMENT,
    request_id            CHAR(36)    NOT NULL,
    sale_id               BIGINT      NOT NULL,
    product_id            BIGINT      NOT NULL,
    user_id               VARCHAR(64) NOT NULL,
    quantity              INT         NOT NULL,
    unit_price            BIGINT      NOT NULL,
    total_amount          BIGINT      NOT NULL,
    status                VARCHAR(16) NOT NULL,
    strategy              VARCHAR(2)  NOT NULL,
    pay_by                DATETIME(6) NOT NULL,
    created_at            DATETIME(6) NOT NULL,
    pay_lease_until       DATETIME(6) NULL,
    issued_coupon_id      BIGINT      NULL,
    coupon_discount       BIGINT      NULL,
    points_used           BIGINT      NULL,
    paid_amount           BIGINT      NULL,
    payment_ref           VARCHAR(64) NULL,
    confirmed_event_id    CHAR(36)    NULL,
    paid_at               DATETIME(6) NULL,
    cancelled_at          DATETIME(6) NULL,
    expired_at            DATETIME(6) NULL,
    refunded_event_id     CHAR(36)    NULL,
    refunded_at           DATETIME(6) NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_sale_order_sale FOREIGN KEY (sale_id) REFERENCES time_sale (id),
    CONSTRAINT uk_sale_order_request UNIQUE (request_id),
    CONSTRAINT uk_sale_order_confirmed_event UNIQUE (confirmed_event_id),
    CONSTRAINT uk_sale_order_refunded_event UNIQUE (refunded_event_id),
    CONSTRAINT ck_sale_order_quantity CHECK (quantity >= 1),
    CONSTRAINT ck_sale_order_amounts CHECK (total_amount = unit_price * quantity
        AND (paid_amount IS NULL OR (paid_amount >= 0
             AND paid_amount = total_amount - coupon_discount - points_used))),
    CONSTRAINT ck_sale_order_status CHECK (status IN ('HELD', 'PAID', 'CANCELLED', 'EXPIRED', 'REFUNDED')),
    CONSTRAINT ck_sale_order_strategy CHECK (strategy IN ('V1', 'V2', 'V3')),
    INDEX ix_sale_order_user (user_id, id),
    INDEX ix_sale_order_due (status, pay_by),
    INDEX ix_sale_order_sale (sale_id, status)
) ENGINE = InnoDB;

-- v3 outcomes: a queued order request's decision (HELD with its order, or REJECTED with a reason code).
-- Missing while the request waits in the queue.
CREATE TABLE order_request (
    request_id    CHAR(36)    NOT NULL,
    sale_id       BIGINT      NOT NULL,
    user_id       VARCHAR(64) NOT NULL,
    quantity      INT         NOT NULL,
    status        VARCHAR(16) NOT NULL,
    reason        VARCHAR(32) NULL,
    order_id      BIGINT      NULL,
    requested_at  DATETIME(6) NOT NULL,
    processed_at  DATETIME(6) NOT NULL,
    PRIMARY KEY (request_id),
    CONSTRAINT ck_order_request_status CHECK (status IN ('HELD', 'REJECTED')),
    INDEX ix_order_request_sale (sale_id)
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

-- ShedLock's table (single-runner jobs: the hold expiry sweep, compensation retries).
CREATE TABLE shedlock (
    name        VARCHAR(64)  NOT NULL,
    lock_until  TIMESTAMP(3) NOT NULL,
    locked_at   TIMESTAMP(3) NOT NULL,
    locked_by   VARCHAR(255) NOT NULL,
    PRIMARY KEY (name)
) ENGINE = InnoDB;

-- Spring Modulith's event publication registry (its v2 schema for MySQL/MariaDB): the transactional
-- outbox of timesale.order.confirmed / timesale.order.refunded. A row is written in the transaction that
-- pays or refunds the order and completed once Kafka has acknowledged the record.
-- Upper case as Modulith's queries spell it (MariaDB/MySQL table names are case-sensitive on Linux).
CREATE TABLE EVENT_PUBLICATION (
    id                      VARCHAR(36)   NOT NULL,
    listener_id             VARCHAR(512)  NOT NULL,
    event_type              VARCHAR(512)  NOT NULL,
    serialized_event        VARCHAR(4000) NOT NULL,
    publication_date        TIMESTAMP(6)  NOT NULL,
    completion_date         TIMESTAMP(6)  NULL DEFAULT NULL,
    status                  VARCHAR(20)   NULL,
    completion_attempts     INT           NULL,
    last_resubmission_date  TIMESTAMP(6)  NULL DEFAULT NULL,
    PRIMARY KEY (id),
    INDEX event_publication_by_completion_date_idx (completion_date)
) ENGINE = InnoDB;

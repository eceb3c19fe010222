-- The pay saga's log (DESIGN.md §4.3 "Pay saga"). A row is written BEFORE the first remote call, so a
-- saga that dies midway is found (STARTED past its lease) and compensated by the job:
--   STARTED → PAID          the HELD → PAID update committed with it (same transaction)
--   STARTED → FAILED        refused before anything was taken (nothing to undo)
--   STARTED → COMPENSATING  a step failed or the saga died; coupon_pending / points_pending say which
--                           undo calls are still owed; the job retries them with backoff
--   COMPENSATING → COMPENSATED  every undo acknowledged; the order's pay lease is cleared
-- payment_ref is the orderId the callees see: the order id for attempt 1, "<orderId>-<attempt>" after
-- (point-service tombstones a cancelled orderId forever). Amounts in KRW / points.
CREATE TABLE payment_attempt (
    order_id             BIGINT       NOT NULL,
    attempt              INT          NOT NULL,
    user_id              VARCHAR(64)  NOT NULL,
    payment_ref          VARCHAR(64)  NOT NULL,
    issued_coupon_id     BIGINT       NULL,
    points               BIGINT       NOT NULL,
    coupon_discount      BIGINT       NULL,
    state                VARCHAR(16)  NOT NULL,
    coupon_pending       BOOLEAN      NOT NULL DEFAULT FALSE,
    points_pending       BOOLEAN      NOT NULL DEFAULT FALSE,
    failure_code         VARCHAR(64)  NULL,
    idempotency_key      VARCHAR(128) NULL,
    request_fingerprint  VARCHAR(128) NOT NULL,
    compensation_tries   INT          NOT NULL DEFAULT 0,
    next_try_at          DATETIME(6)  NULL,
    started_at           DATETIME(6)  NOT NULL,
    updated_at           DATETIME(6)  NOT NULL,
    PRIMARY KEY (order_id, attempt),
    CONSTRAINT fk_payment_attempt_order FOREIGN KEY (order_id) REFERENCES sale_order (id),
    CONSTRAINT uk_payment_attempt_ref UNIQUE (payment_ref),
    CONSTRAINT ck_payment_attempt_state CHECK (state IN ('STARTED', 'PAID', 'FAILED', 'COMPENSATING', 'COMPENSATED')),
    CONSTRAINT ck_payment_attempt_points CHECK (points >= 0),
    INDEX ix_payment_attempt_due (state, next_try_at),
    INDEX ix_payment_attempt_key (user_id, idempotency_key)
) ENGINE = InnoDB;

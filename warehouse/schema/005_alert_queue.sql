-- Alerts held back by a subscription's quiet hours, sent as one digest by the first run after they end.

CREATE SEQUENCE IF NOT EXISTS alert_id_seq START 1;

CREATE TABLE alert_queue (
    alert_id        BIGINT PRIMARY KEY DEFAULT nextval('alert_id_seq'),
    subscription    VARCHAR NOT NULL,            -- the [[alerts]] name it was meant for
    run_id          BIGINT,                      -- the run that raised it (NULL if it had no row)
    failed          BOOLEAN NOT NULL,            -- a failed run's alert (digests list these first)
    title           VARCHAR NOT NULL,
    body            VARCHAR NOT NULL,            -- plain text, as it would have been sent
    queued_at       TIMESTAMPTZ NOT NULL,
    due_at          TIMESTAMPTZ NOT NULL,        -- when the quiet hours it fell in end
    sent_at         TIMESTAMPTZ                  -- NULL until a digest carrying it was delivered
);

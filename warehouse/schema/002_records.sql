-- Parsed records of each version: quotes, sections, commitments, figures; and detected changes.

CREATE TABLE quotes (
    version_id      BIGINT NOT NULL,
    position        INTEGER NOT NULL,
    speaker         VARCHAR,
    role            VARCHAR,
    text            VARCHAR NOT NULL,
    paragraphs      INTEGER NOT NULL,
    PRIMARY KEY (version_id, position)
);

CREATE TABLE sections (
    version_id      BIGINT NOT NULL,
    position        INTEGER NOT NULL,
    heading         VARCHAR,
    kind            VARCHAR NOT NULL,            -- body, background, contact, quote
    items           VARCHAR[] NOT NULL,
    PRIMARY KEY (version_id, position)
);

CREATE TABLE commitments (
    version_id      BIGINT NOT NULL,
    position        INTEGER NOT NULL,
    commitment_key  VARCHAR NOT NULL,
    text            VARCHAR NOT NULL,
    actor           VARCHAR,
    action          VARCHAR,
    modality        VARCHAR,
    firmness        VARCHAR NOT NULL,
    status          VARCHAR NOT NULL,
    section         VARCHAR,
    speaker         VARCHAR,
    amount_gbp      DOUBLE,                      -- the first money figure named; all are in `money`
    money           JSON,
    quantities      JSON,
    dates           JSON,
    programmes      VARCHAR[],
    PRIMARY KEY (version_id, position)
);

CREATE TABLE figures (
    version_id      BIGINT NOT NULL,
    position        INTEGER NOT NULL,
    kind            VARCHAR NOT NULL,            -- money, quantity, date, duration, proportion
    text            VARCHAR NOT NULL,
    value           DOUBLE,
    unit            VARCHAR,
    sentence        VARCHAR,
    section         VARCHAR,
    PRIMARY KEY (version_id, position)
);

CREATE TABLE changes (
    change_id       BIGINT PRIMARY KEY DEFAULT nextval('change_id_seq'),
    run_id          BIGINT NOT NULL,
    content_id      VARCHAR NOT NULL,
    locale          VARCHAR NOT NULL,
    base_path       VARCHAR NOT NULL,
    old_version_id  BIGINT,
    new_version_id  BIGINT,
    scope           VARCHAR NOT NULL,            -- commitment, quote, document
    kind            VARCHAR NOT NULL,            -- added, removed, modified, withdrawn, gone, ...
    significance    VARCHAR NOT NULL,            -- major, minor, cosmetic
    fields          VARCHAR[],
    tags            VARCHAR[],
    silent          BOOLEAN NOT NULL,
    old_key         VARCHAR,
    new_key         VARCHAR,
    old             JSON,
    new             JSON,
    details         JSON,
    summary         VARCHAR,
    detected_at     TIMESTAMPTZ NOT NULL
);

-- Views people query. Names say what they hold; each is documented in the README.

CREATE VIEW current_versions AS
SELECT d.content_id, d.locale, d.base_path, d.title, d.document_type, d.status,
       v.version_id, v.version_number, v.public_updated_at, v.captured_at, v.change_note
FROM documents d JOIN document_versions v ON v.version_id = d.current_version_id;

CREATE VIEW current_commitments AS
SELECT cv.base_path, cv.title, cv.document_type, cv.status AS document_status,
       cv.public_updated_at, c.*
FROM current_versions cv JOIN commitments c USING (version_id)
WHERE cv.status IN ('live', 'withdrawn');

CREATE VIEW commitment_history AS
SELECT v.content_id, v.base_path, v.title, c.commitment_key, v.version_number,
       v.valid_from, v.valid_to, c.text, c.actor, c.modality, c.firmness, c.status,
       c.amount_gbp, c.dates, c.programmes
FROM commitments c JOIN document_versions v USING (version_id);

CREATE VIEW flagged_changes AS
SELECT ch.change_id, ch.detected_at, ch.base_path, d.title, d.document_type, ch.scope, ch.kind,
       ch.significance, ch.fields, ch.tags, ch.silent, ch.summary, ch.old, ch.new, ch.details,
       ov.public_updated_at AS old_public_updated_at, nv.public_updated_at AS new_public_updated_at,
       nv.change_note, ch.content_id, ch.old_version_id, ch.new_version_id, ch.run_id
FROM changes ch
JOIN documents d ON d.content_id = ch.content_id AND d.locale = ch.locale
LEFT JOIN document_versions ov ON ov.version_id = ch.old_version_id
LEFT JOIN document_versions nv ON nv.version_id = ch.new_version_id
WHERE ch.significance <> 'cosmetic'
ORDER BY ch.detected_at DESC, ch.change_id;

CREATE VIEW silent_changes AS
SELECT * FROM flagged_changes WHERE silent;

CREATE VIEW programme_money_over_time AS
SELECT p.programme, v.valid_from, v.valid_to, v.base_path, v.title, v.version_number,
       sum(c.amount_gbp) AS amount_gbp, count(*) AS commitments
FROM commitments c
JOIN document_versions v USING (version_id)
CROSS JOIN unnest(c.programmes) AS p(programme)
WHERE c.amount_gbp IS NOT NULL
GROUP BY ALL
ORDER BY p.programme, v.valid_from;

CREATE VIEW run_summary AS
SELECT run_id, flow, source, started_at, finished_at, status, discovered, fetched, not_modified,
       unchanged, new_documents, new_versions, changes, flagged_changes, errors
FROM runs ORDER BY run_id DESC;

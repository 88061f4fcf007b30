-- One row per entity mention, with its entity, document, date, source and language.
CREATE OR REPLACE VIEW entity_mentions AS
SELECT
    m.entity_id,
    e.canonical_name                      AS entity,
    e.label                               AS entity_label,
    m.doc_id,
    d.title,
    CAST(d.published_at AS DATE)          AS date,
    d.published_at,
    coalesce(d.source, d.source_uri)      AS source,
    d.source_uri,
    coalesce(m.language, d.language)      AS language,
    m.text                                AS mention_text,
    m.label,
    m.sentence_no,
    m.char_start,
    m.char_end
FROM mentions m
JOIN documents d ON d.doc_id = m.doc_id
LEFT JOIN entities e ON e.entity_id = m.entity_id;

-- Mentions per entity per day (the document's publication day; undated documents are left out).
CREATE OR REPLACE VIEW entity_timeline AS
SELECT
    m.entity_id,
    e.canonical_name                  AS entity,
    e.label,
    CAST(d.published_at AS DATE)      AS day,
    count(*)                          AS n_mentions,
    count(DISTINCT m.doc_id)          AS n_documents
FROM mentions m
JOIN documents d ON d.doc_id = m.doc_id
LEFT JOIN entities e ON e.entity_id = m.entity_id
WHERE d.published_at IS NOT NULL AND m.entity_id IS NOT NULL
GROUP BY ALL;

-- Pairs of entities (entity_id_a < entity_id_b) that occur together: shared documents, shared
-- sentences, and the Jaccard index of their document sets (how exclusive the pairing is).
-- One self-join of (document, entity) rows, each carrying its sentence numbers and its entity's
-- name and document count: the pair's columns are grouping keys, so a filter on either side's id
-- or name (WHERE 'X' IN (entity_a, entity_b)) reaches the rows before the join instead of
-- filtering every pair of the warehouse afterwards.
CREATE OR REPLACE VIEW entity_cooccurrence AS
WITH in_doc AS (
    SELECT doc_id, entity_id,
           -- sentences 0..63 as bits of one integer (shared ones counted by bit_count), later ones listed;
           -- the shift is clamped because DuckDB computes an aggregate's argument before its FILTER
           bit_or(1::UBIGINT << least(greatest(sentence_no, 0), 63)) FILTER (WHERE sentence_no BETWEEN 0 AND 63)
               AS early,
           list(DISTINCT sentence_no) FILTER (WHERE sentence_no NOT BETWEEN 0 AND 63) AS later
    FROM mentions
    WHERE entity_id IS NOT NULL
    GROUP BY doc_id, entity_id
),
doc_counts AS (
    SELECT entity_id, count(*) AS n FROM in_doc GROUP BY entity_id
),
side AS (
    SELECT d.doc_id, d.entity_id, d.early, d.later, e.canonical_name, e.label, c.n
    FROM in_doc d
    JOIN doc_counts c USING (entity_id)
    LEFT JOIN entities e USING (entity_id)
)
SELECT
    a.entity_id                           AS entity_id_a,
    a.canonical_name                      AS entity_a,
    a.label                               AS label_a,
    b.entity_id                           AS entity_id_b,
    b.canonical_name                      AS entity_b,
    b.label                               AS label_b,
    count(*)                              AS n_documents,
    (coalesce(sum(bit_count(a.early & b.early)), 0)
      + coalesce(sum(CASE WHEN a.later IS NOT NULL AND b.later IS NOT NULL
                          THEN len(list_intersect(a.later, b.later)) END), 0))::BIGINT AS n_sentences,
    count(*) / (a.n + b.n - count(*))::DOUBLE AS jaccard
FROM side a
JOIN side b ON a.doc_id = b.doc_id AND a.entity_id < b.entity_id
GROUP BY a.entity_id, a.canonical_name, a.label, a.n, b.entity_id, b.canonical_name, b.label, b.n;

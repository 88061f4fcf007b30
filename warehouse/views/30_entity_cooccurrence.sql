-- Pairs of entities (entity_id_a < entity_id_b) that occur together: shared documents, shared
-- sentences, and the Jaccard index of their document sets (how exclusive the pairing is).
CREATE OR REPLACE VIEW entity_cooccurrence AS
WITH in_sentence AS (
    SELECT DISTINCT doc_id, sentence_no, entity_id
    FROM mentions
    WHERE entity_id IS NOT NULL
),
in_doc AS (
    SELECT DISTINCT doc_id, entity_id FROM in_sentence
),
doc_counts AS (
    SELECT entity_id, count(*) AS n FROM in_doc GROUP BY entity_id
),
doc_pairs AS (
    SELECT a.entity_id AS entity_id_a, b.entity_id AS entity_id_b, count(*) AS n_documents
    FROM in_doc a
    JOIN in_doc b ON a.doc_id = b.doc_id AND a.entity_id < b.entity_id
    GROUP BY ALL
),
sentence_pairs AS (
    SELECT a.entity_id AS entity_id_a, b.entity_id AS entity_id_b,
           count(*) AS n_sentences
    FROM in_sentence a
    JOIN in_sentence b
      ON a.doc_id = b.doc_id AND a.sentence_no = b.sentence_no AND a.entity_id < b.entity_id
    GROUP BY ALL
)
SELECT
    p.entity_id_a,
    ea.canonical_name                     AS entity_a,
    ea.label                              AS label_a,
    p.entity_id_b,
    eb.canonical_name                     AS entity_b,
    eb.label                              AS label_b,
    p.n_documents,
    coalesce(s.n_sentences, 0)            AS n_sentences,
    p.n_documents / (ca.n + cb.n - p.n_documents)::DOUBLE AS jaccard
FROM doc_pairs p
LEFT JOIN sentence_pairs s USING (entity_id_a, entity_id_b)
JOIN doc_counts ca ON ca.entity_id = p.entity_id_a
JOIN doc_counts cb ON cb.entity_id = p.entity_id_b
LEFT JOIN entities ea ON ea.entity_id = p.entity_id_a
LEFT JOIN entities eb ON eb.entity_id = p.entity_id_b;

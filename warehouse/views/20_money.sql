-- One row per money figure: amount in currency units, ISO 4217 currency, what it is about, and who
-- said it (the speaker of a quote that contains the figure, else of a quote in the same sentence).
CREATE OR REPLACE VIEW money AS
WITH speakers AS (
    SELECT
        f.doc_id,
        f.figure_no,
        q.speaker_entity_id,
        q.speaker_text,
        row_number() OVER (
            PARTITION BY f.doc_id, f.figure_no
            ORDER BY (q.char_start <= f.char_start AND f.char_end <= q.char_end) DESC, q.quote_no
        ) AS rank
    FROM figures f
    JOIN quotes q
      ON q.doc_id = f.doc_id
     AND ((q.char_start <= f.char_start AND f.char_end <= q.char_end)
          OR (q.sentence_no IS NOT NULL AND q.sentence_no = f.sentence_no))
    WHERE f.kind = 'money'
)
SELECT
    f.doc_id,
    f.figure_no,
    f.text,
    f.value                                   AS amount,
    f.value_max                               AS amount_max,
    f.unit                                    AS currency,
    f.qualifier,
    f.subject,
    s.speaker_entity_id,
    coalesce(e.canonical_name, s.speaker_text) AS speaker,
    d.title                                   AS document_title,
    d.source_uri,
    coalesce(d.source, d.source_uri)          AS source,
    CAST(d.published_at AS DATE)              AS date,
    coalesce(f.language, d.language)          AS language,
    f.sentence_no,
    f.char_start,
    f.char_end
FROM figures f
JOIN documents d ON d.doc_id = f.doc_id
LEFT JOIN speakers s ON s.doc_id = f.doc_id AND s.figure_no = f.figure_no AND s.rank = 1
LEFT JOIN entities e ON e.entity_id = s.speaker_entity_id
WHERE f.kind = 'money';

-- One row per claim: a money, percent, quantity or duration figure with who stated it, how
-- (quote, reported speech, according_to a source, statement transcript) and where.
CREATE OR REPLACE VIEW claims_by_speaker AS
SELECT
    c.speaker_entity_id,
    coalesce(e.canonical_name, c.speaker_text) AS speaker,
    e.label                                    AS speaker_label,
    c.how,
    c.cue,
    c.figure_kind                              AS kind,
    c.figure_text,
    c.value,
    c.unit,
    c.doc_id,
    d.title                                    AS document_title,
    CAST(d.published_at AS DATE)               AS date,
    coalesce(c.language, d.language)           AS language,
    c.sentence_no,
    c.figure_char_start,
    c.figure_char_end
FROM claims c
JOIN documents d ON d.doc_id = c.doc_id
LEFT JOIN entities e ON e.entity_id = c.speaker_entity_id;

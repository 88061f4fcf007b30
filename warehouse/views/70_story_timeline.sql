-- One row per document of a story, in the story's order: publication date (else the first date
-- of the events it reports), its main events, and the story's size and span.
CREATE OR REPLACE VIEW story_timeline AS
WITH reported AS (
    SELECT
        m.doc_id,
        min(e.date_value)                                        AS first_event_date,
        list(DISTINCT e.title ORDER BY e.title) FILTER (WHERE m.is_main) AS main_events,
        count(DISTINCT m.event_id)                               AS n_events
    FROM event_mentions m
    JOIN events e USING (event_id)
    GROUP BY m.doc_id
),
docs AS (
    SELECT
        s.story_id,
        s.doc_id,
        s.language,
        s.score,
        d.title,
        d.source_uri,
        coalesce(CAST(d.published_at AS DATE), r.first_event_date) AS day,
        r.main_events,
        coalesce(r.n_events, 0)                                  AS n_events
    FROM stories s
    JOIN documents d USING (doc_id)
    LEFT JOIN reported r USING (doc_id)
)
SELECT
    story_id,
    row_number() OVER (PARTITION BY story_id ORDER BY day NULLS LAST, doc_id) AS position,
    day,
    doc_id,
    language,
    title,
    source_uri,
    main_events,
    n_events,
    score,
    count(*) OVER (PARTITION BY story_id)                 AS story_documents,
    min(day) OVER (PARTITION BY story_id)                 AS story_start,
    max(day) OVER (PARTITION BY story_id)                 AS story_end,
    list(DISTINCT language) OVER (PARTITION BY story_id)  AS story_languages
FROM docs;

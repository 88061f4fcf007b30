-- One row per event (meeting, call, visit, talks, summit, statement): who met whom, when, where,
-- for how long, and in how many documents (and languages) it is reported.
CREATE OR REPLACE VIEW meetings AS
WITH people AS (
    SELECT
        p.event_id,
        list(coalesce(e.canonical_name, p.entity_id) ORDER BY coalesce(e.canonical_name, p.entity_id)) AS participants,
        list(p.entity_id ORDER BY coalesce(e.canonical_name, p.entity_id))                                AS participant_ids,
        count(*)                                                                                          AS n_participants
    FROM event_participants p
    LEFT JOIN entities e ON e.entity_id = p.entity_id
    GROUP BY p.event_id
),
reports AS (
    SELECT event_id, list(DISTINCT language ORDER BY language) AS languages
    FROM event_mentions
    GROUP BY event_id
)
SELECT
    ev.event_id,
    ev.kind,
    ev.tense,
    ev.date_value                         AS date,
    ev.date_unit,
    p.participants,
    p.participant_ids,
    p.n_participants,
    ev.place_entity_id,
    pl.canonical_name                     AS place,
    ev.duration_minutes,
    ev.n_documents,
    ev.n_mentions,
    r.languages,
    ev.title
FROM events ev
LEFT JOIN people p USING (event_id)
LEFT JOIN reports r USING (event_id)
LEFT JOIN entities pl ON pl.entity_id = ev.place_entity_id;

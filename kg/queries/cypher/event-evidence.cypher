// The posts and exact words behind an event: what each post that reports it says of it.
// param event (event): the event, by id (event/mfa-telegram/27764/1)
// Columns: post (id), claim (reports, place or participant), value (the event reported, its place, or the
// participant), about (what the words name), surface, start, end; by post, then start.
MATCH (event:Event {id: $event})-[claimed:REPORTS|HAPPENED_IN|PARTICIPATED_IN]-(other)
MATCH (post:Post {id: claimed.post})-[words:MENTIONS]->(thing)
WHERE (thing = event OR thing = other)
  AND any(i IN range(0, size(coalesce(claimed.evidence_start, [])) - 1)
          WHERE claimed.evidence_start[i] = words.start AND claimed.evidence_end[i] = words.end)
RETURN DISTINCT post.id AS post,
       CASE type(claimed) WHEN 'REPORTS' THEN 'reports' WHEN 'HAPPENED_IN' THEN 'place' ELSE 'participant' END AS claim,
       CASE type(claimed) WHEN 'REPORTS' THEN event.id ELSE other.id END AS value,
       thing.id AS about, words.surface AS surface, words.start AS start, words.end AS end
ORDER BY post, start, end, claim, value

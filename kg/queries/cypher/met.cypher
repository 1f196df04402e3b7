// The posts and exact words that say two people took part in one event.
// param person (person): one of them, by id (person/sergey-lavrov) or label (Sergey Lavrov)
// param other (person): the other, by id or label
// Columns: event (id), date, type, post (a post that names both as taking part), person (whose taking part the
// words state), surface, start, end. Undated events first, then by date, event, post, start.
MATCH (one:Person {id: $person})-[first:PARTICIPATED_IN]->(event:Event)<-[second:PARTICIPATED_IN]-(two:Person {id: $other})
WHERE first.post = second.post
UNWIND [[one, first], [two, second]] AS taking_part
WITH event, taking_part[0] AS who, taking_part[1] AS claimed
MATCH (post:Post {id: claimed.post})-[words:MENTIONS]->(thing)
WHERE (thing = who OR thing = event)
  AND any(i IN range(0, size(coalesce(claimed.evidence_start, [])) - 1)
          WHERE claimed.evidence_start[i] = words.start AND claimed.evidence_end[i] = words.end)
RETURN DISTINCT event.id AS event,
       coalesce(toString(event.date), properties(event)['date_without_year']) AS date,
       event.event_type AS type, post.id AS post, who.id AS person,
       words.surface AS surface, words.start AS start, words.end AS end
ORDER BY coalesce(date, ''), event, post, start, end, person

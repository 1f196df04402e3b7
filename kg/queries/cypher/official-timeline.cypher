// An official's events in time order.
// param person (person): the official, by id (person/sergey-lavrov) or label (Sergey Lavrov)
// Columns: event (id), type, date, place (label, or null), post (the post stating the participation).
// Undated events come first, then dates without a year (--06-20), then dated ones.
MATCH (person:Person {id: $person})-[took_part:PARTICIPATED_IN]->(event:Event)
OPTIONAL MATCH (event)-[:HAPPENED_IN]->(place:Location)
RETURN DISTINCT event.id AS event, event.event_type AS type,
       coalesce(toString(event.date), properties(event)['date_without_year']) AS date, place.label AS place,
       took_part.post AS post
ORDER BY coalesce(date, ''), event, post, place

// Officials ranked by the events they took part in.
// Columns: person (id), label, events (distinct events); most events first, then by label.
MATCH (person:Person)-[:PARTICIPATED_IN]->(event:Event)
RETURN person.id AS person, person.label AS label, count(DISTINCT event) AS events
ORDER BY events DESC, label, person

// Events at a place within a period.
// param place (place): the place, by id (place/minsk) or label (Minsk)
// param from (date, optional): the first day of the period, an ISO date (2024-06-01), inclusive; none: no first day
// param to (date, optional): the last day of the period, an ISO date (2024-06-30), inclusive; none: no last day
// Columns: event (id), type, date, place (label); in date order. Dates without a year (--06-20) fall outside.
MATCH (event:Event)-[:HAPPENED_IN]->(place:Location {id: $place})
WHERE event.date IS NOT NULL AND ($from IS NULL OR event.date >= $from) AND ($to IS NULL OR event.date <= $to)
RETURN DISTINCT event.id AS event, event.event_type AS type, toString(event.date) AS date, place.label AS place
ORDER BY date, event

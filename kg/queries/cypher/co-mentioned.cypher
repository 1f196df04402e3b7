// Organisations mentioned in the same posts as a given one.
// param organisation (organisation): the organisation, by id (org/csto) or label (CSTO)
// Columns: organisation (id), label, posts (distinct posts mentioning both); most posts first, then by label.
MATCH (given:Organisation {id: $organisation})<-[:MENTIONS]-(post:Post)-[:MENTIONS]->(other:Organisation)
WHERE other <> given
RETURN other.id AS organisation, other.label AS label, count(DISTINCT post) AS posts
ORDER BY posts DESC, label, organisation

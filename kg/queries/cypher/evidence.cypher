// The posts and exact words behind an entity's mentions.
// param entity (entity): the person, organisation or place, by id (org/csto) or label (CSTO)
// Columns: post (id), surface, start, end (offsets into the post's text), extractor, confidence; by post, then start.
MATCH (post:Post)-[mention:MENTIONS]->(entity)
WHERE entity.id = $entity
RETURN post.id AS post, mention.surface AS surface, mention.start AS start, mention.end AS end,
       mention.extractor AS extractor, mention.confidence AS confidence
ORDER BY post, start, end, extractor

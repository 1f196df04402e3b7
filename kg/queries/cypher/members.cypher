// Members of an organisation, as the posts state.
// param organisation (organisation): the organisation, by id (org/sco) or label (SCO)
// Columns: member (id), label, posts (posts stating the membership); by label.
MATCH (member)-[stated:MEMBER_OF]->(:Organisation {id: $organisation})
RETURN member.id AS member, member.label AS label, count(DISTINCT stated.post) AS posts
ORDER BY label, member

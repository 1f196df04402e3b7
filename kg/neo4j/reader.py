"""Neo4j back into the networkx MultiDiGraph of kg.graph, so that every sink (RDF above all) can start from Neo4j.

Only our labels and relationship types are read; other data in the database is left alone. Properties Neo4j
cannot hold (None) were never stored, so they come back absent — kg.graph's readers use `data.get` for them.
"""

from __future__ import annotations

import networkx as nx
from neo4j import Driver

from kg.graph import NODE_TYPES
from kg.neo4j.connection import Neo4jSettings, connect, translated_errors
from kg.neo4j.loader import RECORD_DIGEST, RELATIONSHIP_TYPES, WITHOUT_YEAR, relationship_key

NODES = "MATCH (n:{label}) RETURN n.id AS id, properties(n) AS properties ORDER BY n.id"
RELATIONSHIPS = ("MATCH (source)-[r:{type}]->(target) "
                 "RETURN source.id AS source, target.id AS target, properties(r) AS properties "
                 "ORDER BY source.id, target.id, r.key")


def graph_from_neo4j(settings: Neo4jSettings) -> nx.MultiDiGraph:
    with connect(settings) as driver:
        return read_graph(driver, settings)


def read_graph(driver: Driver, settings: Neo4jSettings) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    with translated_errors(settings), driver.session(database=settings.database) as session:
        for label in NODE_TYPES:
            for record in session.run(NODES.format(label=label)):
                properties = as_graph_values(dict(record["properties"]))
                del properties["id"]
                properties.pop(RECORD_DIGEST, None)  # the loader's bookkeeping
                graph.add_node(record["id"], type=label, **properties)
        for edge_type in RELATIONSHIP_TYPES:
            for record in session.run(RELATIONSHIPS.format(type=edge_type)):
                source, target = record["source"], record["target"]
                if source in graph and target in graph:
                    properties = dict(record["properties"])
                    key = properties.pop("key").removeprefix(relationship_key(source, target, ""))
                    graph.add_edge(source, target, key=key, type=edge_type, **properties)
    return graph


def as_graph_values(properties: dict) -> dict:
    """A node's properties as the graph holds them: Neo4j's dates and date-times as ISO text, a date without a year
    back under its own name (the loader's `in_neo4j_types`, undone)."""
    result = {}
    for name, value in properties.items():
        if hasattr(value, "to_native"):  # neo4j.time.Date, DateTime
            value = value.to_native().isoformat()
        result[name.removesuffix(WITHOUT_YEAR) if name.endswith(WITHOUT_YEAR) else name] = value
    return result

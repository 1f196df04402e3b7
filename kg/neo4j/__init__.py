"""omkg and Neo4j: connection settings and errors, the batched idempotent loader, the reader back into networkx,
and the Cypher runner. The graph shape in Neo4j is kg.graph's: node `type` → label, edge `type` → relationship type.
"""

from kg.neo4j.connection import Neo4jError, Neo4jSettings, connect
from kg.neo4j.cypher import QueryResult, run_cypher
from kg.neo4j.loader import LoadSummary, load_build, load_graph
from kg.neo4j.reader import graph_from_neo4j, read_graph

__all__ = ["Neo4jError", "Neo4jSettings", "connect", "QueryResult", "run_cypher", "LoadSummary", "load_build",
           "load_graph", "graph_from_neo4j", "read_graph"]

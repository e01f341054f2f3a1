"""Command-line tools: the local Neo4j server and the `maillage` command."""

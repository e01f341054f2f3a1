"""Everything that speaks Cypher: the driver, statements and their results as plain values."""

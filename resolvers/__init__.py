"""Thin glue between the GraphQL types and the `graph/` functions."""

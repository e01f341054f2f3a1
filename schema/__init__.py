"""The GraphQL schema: types declared here, resolved by `resolvers/`."""

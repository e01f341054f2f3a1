// The peer of `make bench`: the Neo4j GraphQL Library over the same synthetic graph.
// Type definitions cover what the bench's five queries read (bench/queries.py); nothing else.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

const neighbourhood = process.env.PEER_NEIGHBOURHOOD;
if (!neighbourhood) {
  throw new Error("PEER_NEIGHBOURHOOD (the depth-2 walk's statement) is not set");
}

const typeDefs = /* GraphQL */ `
  type Actor @node {
    key: String!
    nameFr: String!
    nameEn: String
    kind: String!
    sortName: String!
    foundedYear: Int
    city: City @relationship(type: "LOCATED_IN", direction: OUT)
    agreements: [Agreement!]!
      @relationship(type: "PARTY_TO", direction: OUT, properties: "PartyTo")
    # Maillage's Actor.partners: actors sharing agreements or projects, strongest first.
    partners(first: Int = 10): [Partnership!]!
      @cypher(
        statement: """
        MATCH (this)-[:PARTY_TO|PARTICIPATES_IN]->(x)<-[:PARTY_TO|PARTICIPATES_IN]-(o:Actor)
        WHERE o <> this
        WITH o, count(DISTINCT x) AS strength
        ORDER BY strength DESC, o.key LIMIT $first
        RETURN {strength: strength, actor: {key: o.key, nameFr: o.nameFr, kind: o.kind}} AS p
        """
        columnName: "p"
      )
  }

  type Partnership {
    strength: Int!
    actor: PartnerActor!
  }

  type PartnerActor {
    key: String!
    nameFr: String!
    kind: String!
  }

  type PartyTo @relationshipProperties {
    role: String
  }

  type City @node {
    key: String!
    nameFr: String!
  }

  type Agreement @node {
    key: String!
    titleFr: String!
    kind: String!
    signedOn: Date!
    parties: [Actor!]! @relationship(type: "PARTY_TO", direction: IN, properties: "PartyTo")
  }

  type Query {
    # Maillage's search(kinds: [ACTOR]): the same full-text index and Lucene query text.
    searchActors(query: String!, first: Int = 10): [Actor!]!
      @cypher(
        statement: """
        CALL db.index.fulltext.queryNodes('actor_text', $query, {limit: $first})
        YIELD node, score
        RETURN node ORDER BY score DESC, node.key
        """
        columnName: "node"
      )
    # Maillage's neighbourhood(depth: 2): its own statement (bench/queries.py peer_neighbourhood),
    # so both sides return the same actors, ranked the same way.
    neighbourhood(key: String!, limit: Int = 100): [Actor!]!
      @cypher(
        statement: """
        ${neighbourhood}
        """
        columnName: "a"
      )
  }
`;

const uri = process.env.NEO4J_URI ?? "bolt://127.0.0.1:27687";
const passwordFile = process.env.NEO4J_PASSWORD_FILE ?? ".neo4j/synth/password";
const password = process.env.NEO4J_PASSWORD ?? readFileSync(passwordFile, "utf8").trim();
const driver = neo4j.driver(uri, neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", password), {
  userAgent: "maillage-bench-peer",
});

// Every statement the library sends goes through a managed transaction's run: count them, so
// the bench can report Cypher round trips per operation (GET /cypher-count).
let statements = 0;
const run = neo4j.ManagedTransaction.prototype.run;
neo4j.ManagedTransaction.prototype.run = function (...args) {
  statements += 1;
  return run.apply(this, args);
};

const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const yoga = createYoga({
  schema,
  graphiql: false,
  logging: "warn",
  maskedErrors: false,
  landingPage: false,
});

const port = Number(process.env.PORT ?? 4000);
const server = createServer((request, response) => {
  if (request.url === "/cypher-count") {
    response.end(String(statements));
    return;
  }
  yoga(request, response);
});
server.listen(port, process.env.HOST ?? "127.0.0.1", () => {
  console.log(`peer listening on http://127.0.0.1:${port}/graphql`);
});

const stop = async () => {
  server.close();
  await driver.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

// The example operations of docs/examples/ (the README shows the same files): one per file,
// named NN-<audience>-<name>.graphql, its variables in the .json of the same name.

export type Audience = "policy" | "web" | "planners";

export interface Example {
  slug: string;
  audience: Audience;
  about: string;
  text: string;
  variables: string;
}

export const AUDIENCES: Record<Audience, string> = {
  policy: "Policy staff",
  web: "Web clients",
  planners: "Planners",
};

const documents = import.meta.glob<string>("../../docs/examples/*.graphql", {
  query: "?raw",
  import: "default",
  eager: true,
});
const variables = import.meta.glob<Record<string, unknown>>("../../docs/examples/*.json", {
  import: "default",
  eager: true,
});

function slugOf(path: string): string {
  return path.replace(/^.*\//, "").replace(/\.[a-z]+$/, "");
}

function aboutOf(text: string): string {
  const comment = text
    .split("\n")
    .filter((line) => line.startsWith("#"))
    .map((line) => line.replace(/^#\s*/, ""))
    .join(" ");
  const about = comment.replace(/^[^:]+:\s*/, "");
  return about.charAt(0).toUpperCase() + about.slice(1);
}

export const EXAMPLES: Example[] = Object.entries(documents)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([path, text]) => {
    const slug = slugOf(path);
    const values = variables[path.replace(/\.graphql$/, ".json")] ?? {};
    return {
      slug,
      audience: slug.split("-")[1] as Audience,
      about: aboutOf(text),
      text,
      variables: JSON.stringify(values, null, 2),
    };
  });

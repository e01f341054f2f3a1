// Builds the explorer (index.html) and the GraphQL IDE (graphiql.html) into dist/, with
// hashed files under dist/assets, which the app serves at /assets. `npm run dev` proxies the
// API to a running `maillage serve` (MAILLAGE_API, default http://127.0.0.1:8000).
import { defineConfig, loadEnv } from "vite";
import { dataUrlsToFiles } from "./ide/vite-data-urls";

export default defineConfig(({ mode }) => {
  const api = loadEnv(mode, ".", "MAILLAGE_").MAILLAGE_API ?? "http://127.0.0.1:8000";
  return {
    plugins: [dataUrlsToFiles()],
    build: {
      outDir: "dist",
      assetsDir: "assets",
      target: "es2022",
      // The polyfill would be an inline script, which the pages' CSP refuses.
      modulePreload: { polyfill: false },
      // Cytoscape is one lazily loaded chunk of about 450 kB; GraphiQL with React and
      // CodeMirror is one chunk of the IDE page.
      chunkSizeWarningLimit: 2000,
      // Small files stay files: an inlined data: URL is refused by the pages' CSP.
      assetsInlineLimit: 0,
      rollupOptions: { input: { index: "index.html", graphiql: "graphiql.html" } },
    },
    // The IDE reads its examples from docs/examples/ (shared with the README).
    server: {
      proxy: { "/graphql": api, "/export": api },
      fs: { allow: [".", "../docs/examples"] },
    },
  };
});

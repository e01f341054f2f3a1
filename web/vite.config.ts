// Builds the explorer into dist/: index.html plus hashed files under dist/assets, which the
// app serves at /assets. `npm run dev` proxies the API to a running `maillage serve`
// (MAILLAGE_API, default http://127.0.0.1:8000).
import { defineConfig, loadEnv } from "vite";

export default defineConfig(({ mode }) => {
  const api = loadEnv(mode, ".", "MAILLAGE_").MAILLAGE_API ?? "http://127.0.0.1:8000";
  return {
    build: {
      outDir: "dist",
      assetsDir: "assets",
      target: "es2022",
      // The polyfill would be an inline script, which the pages' CSP refuses.
      modulePreload: { polyfill: false },
      // Cytoscape is one lazily loaded chunk of about 450 kB.
      chunkSizeWarningLimit: 600,
    },
    server: { proxy: { "/graphql": api, "/export": api } },
  };
});

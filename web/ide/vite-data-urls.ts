// A build step for pages under a Content-Security-Policy of 'self': the `data:` URLs inside
// the built CSS (GraphiQL's fonts and editor icons) become files next to it, so the page
// loads nothing the policy refuses.
import type { Plugin } from "vite";

const DATA_URL = /url\(\s*(["']?)data:([\w.+-]+\/[\w.+-]+)(;base64)?,([^"')]*)\1\s*\)/g;
const EXTENSIONS: Record<string, string> = {
  "font/woff2": "woff2",
  "font/woff": "woff",
  "image/png": "png",
  "image/svg+xml": "svg",
  "image/gif": "gif",
};

function bytesOf(base64: boolean, payload: string): Uint8Array {
  if (base64) return Uint8Array.from(atob(payload), (char) => char.charCodeAt(0));
  return new TextEncoder().encode(decodeURIComponent(payload));
}

export function dataUrlsToFiles(): Plugin {
  return {
    name: "maillage-data-urls-to-files",
    apply: "build",
    generateBundle(_options, bundle) {
      for (const asset of Object.values(bundle)) {
        if (asset.type !== "asset" || !asset.fileName.endsWith(".css")) continue;
        const css = String(asset.source);
        const folder = asset.fileName.replace(/[^/]*$/, "");
        asset.source = css.replace(DATA_URL, (_match, _quote, mime: string, base64, payload) => {
          const extension = EXTENSIONS[mime] ?? "bin";
          const ref = this.emitFile({
            type: "asset",
            name: `inline.${extension}`,
            source: bytesOf(Boolean(base64), payload),
          });
          const file = this.getFileName(ref);
          return `url(./${file.startsWith(folder) ? file.slice(folder.length) : file})`;
        });
      }
    },
  };
}

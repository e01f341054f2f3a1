// The GraphQL IDE at /graphql: GraphiQL with the query explorer and the example operations,
// built and served by this service (no network beyond it).
import { explorerPlugin } from "@graphiql/plugin-explorer";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { EXAMPLES } from "./examples";
import { examplesPlugin } from "./examples-plugin";
import "graphiql/style.css";
import "@graphiql/plugin-explorer/style.css";
import "./ide.css";

const fetcher = createGraphiQLFetcher({ url: "/graphql" });
const plugins = [examplesPlugin, explorerPlugin()];
const tabs = EXAMPLES.map((example) => ({ query: example.text, variables: example.variables }));

// On a first visit GraphiQL fills the variables editor from storage, not from the first
// default tab: put the first example's variables there.
try {
  if (localStorage.getItem("graphiql:tabState") === null && tabs.length) {
    localStorage.setItem("graphiql:variables", tabs[0].variables);
  }
} catch {
  // Storage refused (private mode): the first tab opens without its variables.
}

// GraphiQL keeps its plugin pane closed at start whatever `visiblePlugin` says: open the
// Examples panel with its sidebar button once the button is drawn.
function openExamplesPanel(root: HTMLElement): void {
  const selector = `.graphiql-sidebar button[aria-label="Show ${examplesPlugin.title}"]`;
  const observer = new MutationObserver(() => {
    const button = root.querySelector<HTMLButtonElement>(selector);
    if (button) {
      observer.disconnect();
      button.click();
    }
  });
  observer.observe(root, { childList: true, subtree: true });
}

const root = document.getElementById("graphiql");
if (root) {
  openExamplesPanel(root);
  createRoot(root).render(
    <StrictMode>
      <GraphiQL
        fetcher={fetcher}
        plugins={plugins}
        defaultTabs={tabs}
        defaultEditorToolsVisibility="variables"
        isHeadersEditorEnabled
        shouldPersistHeaders={false}
      />
    </StrictMode>,
  );
}

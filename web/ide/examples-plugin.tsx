// The Examples panel: the example operations by kind of user; a click opens one in its tab
// (a new tab when it was closed or edited), once the editors are ready to take it.
import { useEditorContext, type GraphiQLPlugin } from "@graphiql/react";
import { AUDIENCES, EXAMPLES, type Audience, type Example } from "./examples";

function open(editor: ReturnType<typeof useEditorContext>, example: Example): void {
  if (!editor) return;
  const index = editor.tabs.findIndex((tab) => tab.query === example.text);
  if (index >= 0) {
    editor.changeTab(index);
    return;
  }
  editor.addTab();
  editor.queryEditor?.setValue(example.text);
  editor.variableEditor?.setValue(example.variables);
}

function ExamplesPanel() {
  const editor = useEditorContext();
  const groups = Object.entries(AUDIENCES) as [Audience, string][];
  return (
    <section className="ide-examples" aria-labelledby="ide-examples-title">
      <div className="graphiql-doc-explorer-title" id="ide-examples-title">
        Examples
      </div>
      <p>
        Ready operations on the seed graph, by kind of user. Pick one, then run it with the ▶ button
        (Ctrl-Enter). The same operations are in the README.
      </p>
      {groups.map(([audience, label]) => (
        <div key={audience}>
          <h3>{label}</h3>
          <ul>
            {EXAMPLES.filter((example) => example.audience === audience).map((example) => (
              <li key={example.slug}>
                <button
                  type="button"
                  disabled={!editor?.queryEditor}
                  onClick={() => open(editor, example)}
                >
                  {example.about}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <h3>API key</h3>
      <p>
        Reads need no key unless the server asks for one; writes do. Open <em>Headers</em> below the
        editor and write <code>{'{"Authorization": "Bearer <your key>"}'}</code>. Headers are not
        stored unless you tick that in the settings.
      </p>
    </section>
  );
}

function ExamplesIcon() {
  return (
    <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="none">
      <path
        d="M5 4h10l4 4v12H5z M15 4v4h4 M8 12h8 M8 16h6"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export const examplesPlugin: GraphiQLPlugin = {
  title: "Examples",
  icon: ExamplesIcon,
  content: ExamplesPanel,
};

"""The example operations of docs/examples/: one source for the IDE's examples and the README's.

Each example is `NN-<audience>-<name>.graphql` (its leading `#` lines say what it shows) and
`NN-<audience>-<name>.json` (its variables). `python -m scripts.examples` (`make examples`)
writes them into README.md between the example markers; a test checks the README is current.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "docs" / "examples"
README = ROOT / "README.md"
AUDIENCES = {"policy": "Policy staff", "web": "Web clients", "planners": "Planners"}
BEGIN = "<!-- examples: written by `make examples` from docs/examples/ -->"
END = "<!-- end of examples -->"
_NAME = re.compile(r"^\d{2}-(?P<audience>[a-z]+)-[a-z0-9-]+$")


@dataclass(frozen=True)
class Example:
    slug: str
    audience: str
    about: str
    """The leading comment, as one sentence or two."""
    document: str
    """The operation without its leading comment."""
    variables: dict[str, Any]

    @property
    def text(self) -> str:
        """The file as it is: comment and operation."""
        return (FOLDER / f"{self.slug}.graphql").read_text(encoding="utf-8")


def load(folder: Path = FOLDER) -> list[Example]:
    examples = []
    for path in sorted(folder.glob("*.graphql")):
        match = _NAME.match(path.stem)
        if not match or match["audience"] not in AUDIENCES:
            raise ValueError(f"{path.name}: name it NN-<{'|'.join(AUDIENCES)}>-<name>.graphql")
        lines = path.read_text(encoding="utf-8").splitlines()
        comment = [line for line in lines if line.startswith("#")]
        if not comment or not lines[0].startswith("#"):
            raise ValueError(f"{path.name}: start with a # comment saying what it shows")
        about = " ".join(line.lstrip("# ").strip() for line in comment)
        document = "\n".join(line for line in lines if not line.startswith("#")).strip()
        variables_file = path.with_suffix(".json")
        variables = (
            json.loads(variables_file.read_text(encoding="utf-8"))
            if variables_file.is_file()
            else {}
        )
        examples.append(Example(path.stem, match["audience"], about, document, variables))
    return examples


def readme_section(examples: list[Example]) -> str:
    """The README's examples, as markdown between the markers."""
    parts = [BEGIN]
    for example in examples:
        audience, _, about = example.about.partition(": ")
        lead = textwrap.fill(f"**{audience}** — {about}", width=95)
        parts.append(f"{lead}\n\n```graphql\n{example.document}\n```")
        if example.variables:
            variables = json.dumps(example.variables, ensure_ascii=False)
            parts.append(f"Variables: `{variables}`")
    parts.append(END)
    return "\n\n".join(parts)


def current_readme(readme: str, examples: list[Example]) -> str:
    """`readme` with its examples section rewritten."""
    start, end = readme.index(BEGIN), readme.index(END) + len(END)
    return readme[:start] + readme_section(examples) + readme[end:]


def main() -> None:
    README.write_text(current_readme(README.read_text(encoding="utf-8"), load()), "utf-8")


if __name__ == "__main__":
    main()

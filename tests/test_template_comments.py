"""Django's `{# #}` comment ends at the line's end: one left open shows its text to every reader
(as the campaign page once did). Longer comments use {% comment %}."""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_no_template_has_a_one_line_comment_left_open():
    open_comments = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.*"))
        if path.suffix in {".html", ".txt", ".xml", ".svg"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "{#" in line and "#}" not in line[line.index("{#") :]
    ]
    assert open_comments == []

"""Print what scripts/security-scan's tools found, from the raw reports in one folder."""

import json
import re
import sys
from collections import Counter
from pathlib import Path

SEVERITY = {1: "low", 2: "medium", 3: "high", 4: "critical"}


def bandit(folder: Path) -> None:
    report = folder / "bandit.json"
    if not report.exists():
        return
    results = json.loads(report.read_text())["results"]
    counts = Counter(result["issue_severity"].lower() for result in results)
    print(f"bandit: {len(results)} issues ({', '.join(f'{n} {s}' for s, n in counts.items())})")
    for result in results:
        print(
            f"  {result['issue_severity'].lower():6} {result['test_id']} "
            f"{result['filename']}:{result['line_number']} {result['issue_text']}"
        )


def wapiti(folder: Path) -> None:
    for report in sorted(folder.glob("wapiti-*.json")):
        data = json.loads(report.read_text())
        print(f"{report.stem}: {data.get('infos', {}).get('crawled_pages_nbr', '?')} pages crawled")
        for section in ("vulnerabilities", "anomalies"):
            items = [(c, item) for c, found in data.get(section, {}).items() for item in found]
            print(f"  {section}: {len(items)}")
            for category, item in items:
                level = SEVERITY.get(item.get("level"), str(item.get("level")))
                where = f"{item.get('method', '')} {item.get('path', '')}".strip()
                info = " ".join(str(item.get("info", "")).split())[:160]
                print(f"    {level:8} {category}: {where} [{item.get('parameter') or ''}] {info}")
        # Informational notes (e.g. HTTP methods seen on every page): counted, a few shown.
        for category, items in data.get("additionals", {}).items():
            if not items:
                continue
            said = [" ".join(str(item.get("info", "")).split()) for item in items]
            print(f"  additional {category}: {len(items)}")
            for info in [info for info in said if not info.endswith(":")][:8]:
                print(f"    {info[:160]}")


def sqlmap(folder: Path) -> None:
    for log in sorted(folder.glob("sqlmap-*.log")):
        text = log.read_text(errors="replace")
        targets = re.findall(r"^--- target (.*)$", text, re.M)
        # sqlmap's verdicts: "parameter 'x' appears to be '<technique>' injectable", "... is
        # vulnerable"; and for a clean URL "all tested parameters do not appear to be injectable".
        found = re.findall(
            r"parameter '([^']+)' (?:is vulnerable|appears to be '.*' injectable)", text
        )
        # sqlmap re-checks each hit and may dismiss it ("false positive or unexploitable").
        dismissed = re.findall(
            r"checking if the injection point on \w+ parameter '([^']+)' is a false positive\s*\n"
            r".*false positive or unexploitable injection point detected",
            text,
        )
        injectable = sorted(set(found) - set(dismissed))
        clean = text.count("all tested parameters do not appear to be injectable")
        print(
            f"{log.stem}: {len(targets)} URLs, injectable parameters: "
            f"{', '.join(injectable) or 'none'}; flagged then dismissed by sqlmap as false "
            f"positives: {', '.join(sorted(set(dismissed))) or 'none'}; URLs with every "
            f"parameter 'not injectable': {clean}"
        )
        errors = re.findall(r"^\[[\d:]+\] \[(?:CRITICAL|ERROR)\] (.*)$", text, re.M)
        for line in sorted({e for e in errors if "do not appear to be injectable" not in e}):
            print(f"  {line[:200]}")


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "security-reports")
    bandit(folder)
    wapiti(folder)
    sqlmap(folder)


if __name__ == "__main__":
    main()

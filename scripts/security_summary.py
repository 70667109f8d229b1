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
        for section in ("vulnerabilities", "anomalies", "additionals"):
            for category, items in data.get(section, {}).items():
                for item in items:
                    level = SEVERITY.get(item.get("level"), str(item.get("level")))
                    where = f"{item.get('method', '')} {item.get('path', '')}".strip()
                    parameter = item.get("parameter") or ""
                    info = " ".join(str(item.get("info", "")).split())[:160]
                    print(f"  {section[:-1]:13} {level:8} {category}: {where} [{parameter}] {info}")


def sqlmap(folder: Path) -> None:
    for log in sorted(folder.glob("sqlmap-*.log")):
        text = log.read_text(errors="replace")
        targets = re.findall(r"^--- target (.*)$", text, re.M)
        # sqlmap's verdicts: "parameter 'x' appears to be '<technique>' injectable", "... is
        # vulnerable"; and for a clean URL "all tested parameters do not appear to be injectable".
        found = re.findall(
            r"parameter '([^']+)' (?:is vulnerable|appears to be '.*' injectable)", text
        )
        injectable = sorted(set(found))
        clean = text.count("all tested parameters do not appear to be injectable")
        print(
            f"{log.stem}: {len(targets)} URLs, injectable parameters: "
            f"{', '.join(injectable) or 'none'}; 'not injectable' verdicts: {clean}"
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

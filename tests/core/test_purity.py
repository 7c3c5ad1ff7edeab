from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
from factcheck.core import extract_claims
claims = extract_claims("Two people died, the mayor said.")
print(json.dumps({"django": "django" in sys.modules, "celery": "celery" in sys.modules, "n": len(claims)}))
"""


def test_it_imports_neither_django_nor_celery() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert result == {"django": False, "celery": False, "n": 1}


def test_it_has_no_framework_import_in_the_source() -> None:
    banned = re.compile(r"^\s*(?:from|import)\s+(?:django|celery|factcheck\.(?!core\b))", re.MULTILINE)
    for path in (ROOT / "factcheck" / "core").glob("*.py"):
        match = banned.search(path.read_text(encoding="utf-8"))
        assert match is None, f"{path.name}: {match.group() if match else ''}"

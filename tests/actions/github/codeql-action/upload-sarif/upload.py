"""What code scanning needs of a SARIF upload, checked without computing anything it need not.

The file validates against the SARIF 2.1.0 schema with URI formats checked (check-jsonschema
with rfc3986-validator); every result carries partialFingerprints (else upload-sarif would
compute them from the files under checkout_path) and names a file that exists under
checkout_path (else GitHub cannot place or track the alert). A copy goes to the test.
"""

import json
import os
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

uploads = Path(os.environ["CMCHECK_ACT_UPLOADS"])
workspace = Path(os.environ["GITHUB_WORKSPACE"])
sarif = workspace / os.environ["INPUT_SARIF_FILE"]
checkout = workspace / os.environ["INPUT_CHECKOUT_PATH"]
category = os.environ["INPUT_CATEGORY"] or "default"
# ECMAScript patterns, as the schema is written for; nonunicode: it has a pattern with a lone ].
done = subprocess.run([f"{os.environ['CMCHECK_ACT_TOOLS']}/check-jsonschema",
                       "--regex-variant", "nonunicode",
                       "--schemafile", os.environ["CMCHECK_ACT_SARIF_SCHEMA"], str(sarif)],
                      check=False)
if done.returncode:
    sys.exit("::error::the SARIF file does not validate against the SARIF 2.1.0 schema")
log = json.loads(sarif.read_text(encoding="utf-8"))
for run in log["runs"]:
    for result in run.get("results", []):
        if not result.get("partialFingerprints"):
            sys.exit(f"::error::a result of rule {result['ruleId']} has no partialFingerprints")
        for location in result["locations"]:
            uri = location["physicalLocation"]["artifactLocation"]["uri"]
            if not (checkout / urllib.parse.unquote(uri)).is_file():
                sys.exit(f"::error::{uri} is not a file under checkout_path {checkout}")
(uploads / "sarif").mkdir(parents=True, exist_ok=True)
shutil.copy(sarif, uploads / "sarif" / f"{category}.sarif")
count = sum(len(run.get("results", [])) for run in log["runs"])
print(f"uploaded {count} result(s) in category {category}")

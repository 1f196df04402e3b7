"""The extraction modules setup.py compiles with mypyc give what their Python source gives, and a source checkout
refuses compiled modules older than their source."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kg
from kg.extract import names

from corpus import MFA_CSV, REPO, RIA_JSON, SEED

# Extracts the posts of the files given and prints one record per line (kg.records' JSON), with the module file
# the name matcher came from first.
EXTRACT = """
import json, sys
from kg.extract import names
from kg.extract.pipeline import Extraction
from kg.gazetteer import load_gazetteer
from kg.model import Post
from kg.records import record_to_json
from kg.sources import read_posts
print(names.__file__)
extraction = Extraction(load_gazetteer())
for path in sys.argv[1:]:
    posts = [item for item in read_posts(path) if isinstance(item, Post)][:300]
    for post in posts:
        print(json.dumps(record_to_json(extraction(post)), ensure_ascii=False, sort_keys=True))
"""


def _extract(python_path: Path, inputs: list[Path]) -> list[str]:
    environment = {**os.environ, "PYTHONPATH": str(python_path)}
    done = subprocess.run([sys.executable, "-c", EXTRACT, *map(str, inputs)], cwd=python_path, env=environment,
                          capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def test_the_modules_compile_where_they_can():
    """setup.py goes on with the Python source where mypyc fails; where nothing stops it (a C compiler and mypy at
    hand, OMKG_PURE_PYTHON unset), a failure is a defect — a type error mypyc refuses — that would cost the speed."""
    if os.environ.get("OMKG_PURE_PYTHON") or not shutil.which(os.environ.get("CC", "cc")):
        pytest.skip("compiling is off here (OMKG_PURE_PYTHON, or no C compiler)")
    pytest.importorskip("mypyc", reason="mypy is not installed here")
    assert names.__file__.endswith(".so"), "setup.py did not compile the extraction: run `pip install -v -e .`"


def test_compiled_extraction_gives_what_the_python_source_gives(tmp_path):
    if not names.__file__.endswith(".so"):
        pytest.skip("the extraction modules are not compiled here (OMKG_PURE_PYTHON, or no C compiler)")
    source = tmp_path / "source"
    shutil.copytree(REPO / "kg", source / "kg", ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    inputs = [REPO / "kg" / "sample" / "result.json", *(path for path in (SEED, MFA_CSV, RIA_JSON) if path.is_file())]
    compiled, pure = _extract(REPO, inputs), _extract(source, inputs)
    assert compiled[0].endswith(".so") and pure[0].endswith(".py")
    assert len(compiled) > 39  # the file line and a record per post: the bundled sample alone has 39
    assert compiled[1:] == pure[1:]


def test_a_compiled_module_older_than_its_source_is_refused(tmp_path):
    package = tmp_path / "kg"
    (package / "extract").mkdir(parents=True)
    (tmp_path / "setup.py").write_text("")
    compiled = package / "extract" / "names.cpython-311-x86_64-linux-gnu.so"
    compiled.write_bytes(b"")
    source = package / "extract" / "names.py"
    source.write_text("")
    os.utime(compiled, (time.time() - 60, time.time() - 60))
    with pytest.raises(ImportError, match="names.py changed after it was compiled"):
        kg.refuse_stale_compiled_modules(package)
    os.utime(compiled, None)
    kg.refuse_stale_compiled_modules(package)  # compiled after its last change: fine
    (tmp_path / "setup.py").unlink()
    os.utime(compiled, (time.time() - 60, time.time() - 60))
    kg.refuse_stale_compiled_modules(package)  # an installed package: not a checkout to edit


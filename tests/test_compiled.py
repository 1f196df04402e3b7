"""The extraction modules setup.py compiles with mypyc give what their Python source gives, and a source checkout
refuses compiled modules older than their source."""

import ast
import importlib
import importlib.util
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


def _load_setup_py():
    """setup.py as a module: its functions, without running setup() (it does that only as __main__)."""
    spec = importlib.util.spec_from_file_location("omkg_setup", REPO / "setup.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


setup_py = _load_setup_py()

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
    hand, OMKG_COMPILE=1 as scripts/test sets it), a failure is a defect — a type error mypyc refuses — that would
    cost the speed. Every module setup.py picks must then be compiled."""
    if os.environ.get("OMKG_COMPILE") != "1" or not shutil.which(os.environ.get("CC", "cc")):
        pytest.skip("this install was not asked to compile (OMKG_COMPILE=1), or there is no C compiler")
    pytest.importorskip("mypyc", reason="mypy is not installed here")
    sources = setup_py.compiled_sources(REPO)
    assert "kg/extract/names.py" in sources and "kg/resolve.py" in sources
    for source in sources:
        module = importlib.import_module(source.removesuffix(".py").removesuffix("/__init__").replace("/", "."))
        assert module.__file__.endswith(".so"), f"{source} was not compiled: run `OMKG_COMPILE=1 pip install -v -e .`"


@pytest.mark.skipif(sys.platform != "linux", reason="DIRECT_CALLS are given on Linux only")
def test_the_compiled_library_calls_its_own_functions_directly():
    """setup.py's DIRECT_CALLS reached the compiler: no function the library defines is called through its procedure
    linkage table (where a function of libpython is), so those calls go direct and small ones are inlined."""
    if not names.__file__.endswith(".so"):
        pytest.skip("the extraction modules are not compiled here (not asked to with OMKG_COMPILE=1, or no C compiler)")
    library = next(REPO.glob(f"{setup_py.SHARED_LIBRARY}__mypyc.*.so"))

    def readelf(*options: str) -> list[list[str]]:
        done = subprocess.run(["readelf", "--wide", *options, library], capture_output=True, text=True, check=True)
        return [line.split() for line in done.stdout.splitlines()]

    # "Num: Value Size Type Bind Vis Ndx Name": a symbol with a section index (not UND) is defined here
    defined = {fields[7] for fields in readelf("--dyn-syms") if len(fields) > 7 and fields[6] != "UND"}
    # "Offset Info Type Symbol's-Value Symbol's-Name + Addend"
    through_plt = {fields[4].split("@")[0] for fields in readelf("--relocs")
                   if len(fields) > 4 and fields[2].endswith("_JUMP_SLOT")}
    assert "CPyDef_events____place" in defined and through_plt, "readelf's tables read wrongly"
    assert not defined & through_plt, sorted(defined & through_plt)[:5]


def test_every_extraction_module_is_compiled_but_the_wrappers_of_natasha_and_pymorphy():
    sources = setup_py.compiled_sources(REPO)
    extraction = sorted(str(path.relative_to(REPO)) for path in (REPO / "kg" / "extract").glob("*.py"))
    assert sorted(set(extraction) - set(sources)) == ["kg/extract/natasha_ner.py", "kg/extract/russian.py"]
    assert {"kg/gazetteer.py", "kg/ids.py", "kg/model.py", "kg/resolve.py"} <= set(sources)


def test_a_new_extractor_module_is_compiled_without_being_listed(tmp_path):
    (tmp_path / "kg" / "extract").mkdir(parents=True)
    (tmp_path / "kg" / "extract" / "novel.py").write_text("import re\nfrom kg.model import Post\n")
    (tmp_path / "kg" / "extract" / "wrapper.py").write_text("from natasha import Doc\n")
    (tmp_path / "kg" / "ids.py").write_text("import pymorphy3.analyzer\n")
    assert setup_py.compiled_sources(tmp_path) == ["kg/extract/novel.py"]


@pytest.mark.parametrize(("commands", "setting", "compiles"), [
    (["bdist_wheel", "--dist-dir", "/tmp/x"], None, True),  # a wheel, also the one `pip install .` builds
    (["build_ext", "--inplace"], None, True),
    (["editable_wheel", "--dist-info-dir", "/tmp/x"], None, False),  # `pip install -e .` runs the source
    (["editable_wheel", "--dist-info-dir", "/tmp/x"], "1", True),
    (["bdist_wheel"], "0", False),
    (["egg_info"], "1", False),  # metadata: nothing to compile
    (["dist_info"], None, False),
])
def test_what_compiles(commands, setting, compiles):
    assert setup_py.compiling(commands, setting) is compiles


def test_an_editable_install_runs_the_source_and_leaves_no_scratch_in_the_checkout(tmp_path):
    """`pip install -e` of a copy of the checkout holding compiled modules from an earlier compiled install: afterwards
    the copy has no compiled module, no build/ and no mypyc library at its root."""
    copy = tmp_path / "checkout"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".*", "__pycache__", "*.so", "*.egg-info", "build", "tests"))
    stale = copy / "kg" / "extract" / "names.cpython-311-x86_64-linux-gnu.so"
    stale.write_bytes(b"")
    before = sorted(path.name for path in copy.iterdir())
    (copy / "omkg__mypyc.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    environment = {key: value for key, value in os.environ.items() if key != "OMKG_COMPILE"}
    venv = tmp_path / "venv"  # not the running one: installing omkg there would first uninstall the omkg under test
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    done = subprocess.run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--quiet",
                           "--no-deps", "--editable", copy], cwd=tmp_path, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not list((copy / "kg").rglob("*.so"))
    assert sorted(path.name for path in copy.iterdir() if not path.name.endswith(".egg-info")) == before


def test_compiled_extraction_gives_what_the_python_source_gives(tmp_path):
    if not names.__file__.endswith(".so"):
        pytest.skip("the extraction modules are not compiled here (not asked to with OMKG_COMPILE=1, or no C compiler)")
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



def _written_out_inits() -> list[tuple[str, list[str], list[str], set[str]]]:
    """(class, its fields, its __init__'s parameters, the attributes __init__ assigns) for every dataclass of the
    compiled modules whose __init__ is written out (init=False)."""
    found = []
    for source in setup_py.compiled_sources(REPO):
        for node in ast.walk(ast.parse((REPO / source).read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef) or not any(
                    isinstance(decorator, ast.Call) and any(keyword.arg == "init" for keyword in decorator.keywords)
                    for decorator in node.decorator_list):
                continue
            fields = [statement.target.id for statement in node.body if isinstance(statement, ast.AnnAssign)]
            (init,) = [statement for statement in node.body
                       if isinstance(statement, ast.FunctionDef) and statement.name == "__init__"]
            assigned = {node.attr for node in ast.walk(init)
                        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)}
            found.append((f"{source}:{node.name}", fields, [arg.arg for arg in init.args.args[1:]], assigned))
    return found


def test_each_written_out_init_takes_and_sets_exactly_its_dataclass_fields():
    """mypyc compiles the methods written in the source but leaves those dataclasses generates interpreted (its docs:
    "methods generated by dataclasses are interpreted"), so the per-post classes write their __init__ out. That is
    a second list of the fields: it must stay the same list, in the same order (or take none, as an empty container
    does), and set every field."""
    written_out = _written_out_inits()
    assert len(written_out) >= 5  # Mention, EntityMention, Entity, Assertion, DateMention…
    for name, fields, parameters, assigned in written_out:
        assert parameters in (fields, []), name
        assert assigned == set(fields), name

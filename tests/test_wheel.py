"""The wheel users install: built with `python -m build --wheel`, installed into a fresh venv, run where there is no
checkout. `kg build` on the bundled sample, `kg validate`, `kg export --format jsonld`, and every shipped query — SPARQL
over the build, Cypher over the test Neo4j after `kg load` — must work from the installed package alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# a value for each parameter the shipped queries take, all of them in the bundled sample
PARAMS = {"organisation": "org/sco", "place": "place/minsk", "from": "2024-01-01", "to": "2024-12-31",
          "person": "person/sergey-lavrov", "entity": "org/csto", "other": "person/maxim-ryzhenkov",
          "event": "event/embassy-digest-omkg-sample/15/1"}


def run(*command: str | Path, cwd: Path, env: dict | None = None) -> str:
    done = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, env=env)
    assert done.returncode == 0, f"{' '.join(map(str, command))} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(the installed `kg`, an empty working directory), both outside the checkout."""
    root = tmp_path_factory.mktemp("wheel")
    checkout = sorted(path.name for path in REPO.iterdir() if not path.name.endswith(".egg-info"))
    run(sys.executable, "-m", "build", "--wheel", "--outdir", root / "dist", REPO, cwd=root)
    assert sorted(path.name for path in REPO.iterdir() if not path.name.endswith(".egg-info")) == checkout, "building the wheel left files in the checkout"
    (wheel,) = (root / "dist").glob("omkg-*.whl")
    run(sys.executable, "-m", "venv", root / "venv", cwd=root)
    run(root / "venv" / "bin" / "python", "-m", "pip", "install", "--quiet", wheel, cwd=root)
    work = root / "work"
    work.mkdir()
    return root / "venv" / "bin" / "kg", work


def test_the_wheel_carries_the_compiled_extraction(installed):
    if os.environ.get("OMKG_COMPILE") == "0" or not shutil.which(os.environ.get("CC", "cc")):
        pytest.skip("compiling is off here (OMKG_COMPILE=0, or no C compiler)")
    kg, work = installed
    where = run(kg.with_name("python"), "-c", "import kg.extract.names as n, kg.resolve as r; print(n.__file__, r.__file__)",
                cwd=work)
    assert all(path.endswith(".so") for path in where.split()), where


def shipped(language: str) -> list[str]:
    suffix = {"sparql": ".rq", "cypher": ".cypher"}[language]
    return sorted(path.stem for path in (REPO / "kg" / "queries" / language).glob("*" + suffix))


def params_of(language: str, name: str, flag: str) -> list[str]:
    suffix = {"sparql": ".rq", "cypher": ".cypher"}[language]
    text = (REPO / "kg" / "queries" / language / (name + suffix)).read_text(encoding="utf-8")
    marker = "?param_" if language == "sparql" else "$"
    return [part for key, value in PARAMS.items() if marker + key in text for part in (flag, f"{key}={value}")]


def test_the_installed_wheel_builds_validates_exports_and_answers_every_shipped_query(installed, neo4j_server):
    kg, work = installed
    assert not (work / "ontology").exists() and not (work / "kg").exists()
    run(kg, "build", "--out", "out", "--no-progress", cwd=work)
    assert "0 violations" in run(kg, "validate", "out", cwd=work)
    run(kg, "export", "out", "--format", "jsonld", "--out", "graph.jsonld", cwd=work)
    assert (work / "graph.jsonld").stat().st_size > 0
    run(kg, "view", "out", "--out", "report.html", cwd=work)
    report = (work / "report.html").read_text(encoding="utf-8")
    assert "vis-network" in report and "vis-timeline" in report and 'id="omkg-data"' in report  # assets shipped

    listed = sorted(line.split()[0] for line in run(kg, "sparql", "--list", cwd=work).splitlines() if line.strip())
    assert listed == shipped("sparql")
    for name in shipped("sparql"):
        answer = run(kg, "sparql", name, "--data", "out", "--output", "csv", *params_of("sparql", name, "-p"), cwd=work)
        assert answer.splitlines(), name  # at least the header row

    server = {**os.environ, "NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user,
              "NEO4J_PASSWORD": neo4j_server.password, "NEO4J_DATABASE": neo4j_server.database}
    run(kg, "load", "out", "--no-progress", cwd=work, env=server)
    for name in shipped("cypher"):
        answer = run(kg, "cypher", name, "--output", "csv", *params_of("cypher", name, "--param"), cwd=work, env=server)
        assert answer.splitlines(), name

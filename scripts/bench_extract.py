#!/usr/bin/env python3
"""Extraction throughput on ONE core: our extraction next to a spaCy EntityRuler given the same gazetteer.

    OMKG_COMPILE=1 .venv/bin/pip install -e '.[bench]'   # spaCy, for the baseline only; compiled, as users run it
    .venv/bin/python scripts/bench_extract.py        # prints the table
    .venv/bin/python scripts/bench_extract.py --docs docs/benchmarks.md   # … and writes its section there

Corpus: the MFA scrape (505 English posts), third-party, read from ../shared relative to the repository
(`--corpus` reads another file; any format `kg build` reads).

Pipelines, each timed over the same posts:
  * ours, full        — `Extraction(load_gazetteer())`: every default extractor + resolution → PostRecord, as
    installed (the per-post modules compiled with mypyc by setup.py, unless the install could not compile them);
  * ours, full, Python source — the same from a copy of kg/ without the compiled modules;
  * ours, full, before — with `--before REF`: the full extraction of an earlier commit (its kg/ and setup.py taken
    with `git archive`, compiled the same way in a scratch directory), so that a change's cost is measured in the
    same run as the change;
  * ours, gazetteer   — `Extraction(gazetteer, ("gazetteer",))`: the name matcher + resolution;
  * ours, matcher     — `NameMatcher.find` alone (one Aho-Corasick pass + our boundary/case/nesting rules);
  * spaCy EntityRuler — `spacy.blank("en")` + `entity_ruler` with a pattern for every English name (label and
    aliases_en) of every gazetteer entry (label = entry type, id = entry id), then `nlp.pipe(texts,
    batch_size=64)`. Our case rules: phrase patterns on LOWER, and exact ORTH patterns for all-caps acronyms —
    as phrase patterns in a second ruler (`phrase_matcher_attr="ORTH"`, `overwrite_ents=False`, after the LOWER
    one, so a longer name wins over an acronym inside it). `--only spacy-ruler-tokens` runs the variant with the
    acronyms as ORTH *token* patterns in the one ruler: spaCy's Matcher then dominates (10–30× slower), too weak a
    baseline to compare with.

Method: each measurement runs in a fresh child process, one after another (never two at once), single-threaded
(OMP/BLAS thread variables set to 1, `nlp.pipe` with one process, no taskset); the pipelines take turns — one
measurement of each, then the next round — so that the shared machine's drift in speed over minutes reaches them
all alike. The one-off build (gazetteer load + automaton / pattern build) is timed apart and left out of the
throughput. After one warm-up pass the corpus is repeated so that one measurement takes at least --min-seconds
(3 s; the first round sets the repeat count for all); the reported time is the median of --runs (3) rounds.
Times are CPU seconds of the process (time.process_time), so other work on a shared machine does not count against
a pipeline; wall seconds are shown beside them. Our pipelines extract each post alone, timed (perf_counter), and
each post's least time over every repeat of every round is kept: their sum is the steadier figure on a shared VM,
where the CPU seconds of one round scatter by half (other guests slow the caches and the core, which process time
still counts), while a post's least time is the one least disturbed; the comparison with --before gives both.
Peak memory is the largest of the children's maximum resident set sizes (getrusage), which include the interpreter
and its imports; the RSS before the build is shown beside it.

With --before, the two full extractions are also timed by alternating passes: one long-lived child per tree, built
and warmed up once, the two taking turns — one pass over the posts each, every post timed alone — for --alternations
rounds; each post's least time over the rounds, summed. Its two trees run within a second of each other, where the
rounds of fresh children run a minute apart and carry the VM's drift from one to the next; its times may still
differ from the rounds' either way (a child that waited while the other ran may find the caches cold). The line
against --before calls the 20 % limit kept only where all three ratios keep it.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
             "VECLIB_MAXIMUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"  # before numpy / thinc are imported, here and in the children

import argparse  # noqa: E402
import datetime as _dt  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "mfarussia-tme-scrape" / "mfa_telegram.csv"
PIPELINES = ("ours-full", "ours-full-python", "ours-gazetteer", "ours-matcher", "spacy-ruler", "spacy-ruler-tokens",
             "ours-full-before")
DEFAULT_PIPELINES = PIPELINES[:5]
TITLES = {
    "ours-full": "ours: full extraction (all default extractors + resolution)",
    "ours-full-python": "ours: full extraction, Python source (not compiled)",
    "ours-gazetteer": "ours: gazetteer extractor + resolution",
    "ours-matcher": "ours: NameMatcher.find only",
    "spacy-ruler": "spaCy EntityRuler (baseline)",
    "spacy-ruler-tokens": "spaCy EntityRuler, acronyms as ORTH token patterns",
    "ours-full-before": "ours: full extraction of the --before commit (compiled the same way)",
}
BASELINE = "spacy-ruler"
SECTION = "## Extraction throughput"
TARGET_RATIO = 3.0
BEFORE_TOLERANCE = 0.2  # a change may cost at most this much of the full extraction's speed


# ---------------------------------------------------------------------------------------------- the children


def _rss_mib() -> float:
    """Current resident set size (Linux /proc), MiB."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return float("nan")


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _load_posts(path: Path):
    from kg.model import Post
    from kg.sources import read_posts

    return [item for item in read_posts(path) if isinstance(item, Post)]


def _compiled() -> bool:
    """Whether the extraction modules run compiled (setup.py compiles them with mypyc) or as Python source."""
    from kg.extract import names

    return names.__file__.endswith(".so")


def _build(name: str):
    """(run one pass → list of (post index, start, end, id) spans, the build's seconds, extra info, and for our
    pipelines what extracts one post: None for spaCy, which takes the posts in batches)."""
    if name.startswith("ours"):
        from kg.extract.names import NameMatcher
        from kg.extract.pipeline import DEFAULT_EXTRACTORS, Extraction
        from kg.gazetteer import load_gazetteer

        started = time.process_time()
        gazetteer = load_gazetteer()
        loaded = time.process_time()
        if name == "ours-matcher":
            from kg.extract.resources import Resources  # (in this branch: a --before tree may not have it)

            matcher = NameMatcher(Resources(gazetteer))
            built = time.process_time()

            def one_pass(posts, collect=False):
                spans = []
                for index, post in enumerate(posts):
                    found = matcher.find(post.text)
                    if collect:
                        spans.extend((index, m.start, m.end, m.key) for m in found)
                return spans

            info = {"extractors": ["NameMatcher.find"]}

            def one_post(post):
                return matcher.find(post.text)
        else:
            extractors = DEFAULT_EXTRACTORS if name.startswith("ours-full") else ("gazetteer",)
            extraction = Extraction(gazetteer, extractors)
            built = time.process_time()

            def one_pass(posts, collect=False):
                spans = []
                for index, post in enumerate(posts):
                    record = extraction(post)
                    if collect:
                        spans.extend((index, m.start, m.end, entity.id, m.extractor)
                                     for entity in record.entities for m in entity.mentions)
                return spans

            info = {"extractors": list(extractors)}
            one_post = extraction
        info["build_parts"] = {"gazetteer load": loaded - started, "extractors / automaton build": built - loaded}
        info["compiled"] = _compiled()
        return one_pass, built - started, info, one_post

    try:
        import spacy
    except ImportError:
        sys.exit("bench_extract: the baseline needs spaCy: .venv/bin/pip install -e '.[bench]'")
    from kg.extract.textutil import is_acronym
    from kg.gazetteer import load_gazetteer

    started = time.process_time()
    gazetteer = load_gazetteer()
    loaded = time.process_time()
    nlp = spacy.blank("en")
    # Our case rules: all-caps acronyms match in their exact case ("who" is not WHO), other names in any case.
    # One ruler matches phrases on LOWER; acronyms need ORTH. As phrase patterns they go to a second ruler on ORTH
    # that only adds entities where the first found none (so longer names win, as in our matcher). As ORTH *token*
    # patterns in the same ruler (spacy-ruler-tokens) they go through spaCy's Matcher, whose cost grows with the
    # number of token patterns: 10–30× slower here, which would make the baseline a straw man.
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    acronym_ruler = ruler if name == "spacy-ruler-tokens" else nlp.add_pipe(
        "entity_ruler", name="acronym_ruler", config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False})
    patterns, acronym_patterns, seen = [], [], set()
    for entry in gazetteer.entries.values():
        for name_ in (entry.label, *entry.aliases_en):
            if (entry.id, name_) in seen:
                continue
            seen.add((entry.id, name_))
            if not is_acronym(name_):
                patterns.append({"label": entry.type, "pattern": name_, "id": entry.id})
            elif name == "spacy-ruler-tokens":
                tokens = [{"ORTH": token.text} for token in nlp.make_doc(name_)]
                acronym_patterns.append({"label": entry.type, "pattern": tokens, "id": entry.id})
            else:
                acronym_patterns.append({"label": entry.type, "pattern": name_, "id": entry.id})
    ruler.add_patterns(patterns)
    acronym_ruler.add_patterns(acronym_patterns)
    phrases, acronyms = len(patterns), len(acronym_patterns)
    nlp("warm up the ruler")  # the ruler finishes its set-up lazily on first use
    built = time.process_time()

    def one_pass(posts, collect=False):
        spans = []
        texts = [post.text for post in posts]
        for index, doc in enumerate(nlp.pipe(texts, batch_size=64)):
            if collect:
                spans.extend((index % len(texts), e.start_char, e.end_char, e.ent_id_) for e in doc.ents)
        return spans

    kind = "token patterns (ORTH)" if name == "spacy-ruler-tokens" else "phrase patterns (ORTH)"
    info = {"spacy": spacy.__version__, "patterns": {"phrase patterns (LOWER)": phrases, f"acronyms, {kind}": acronyms},
            "pipe": nlp.pipe_names,
            "build_parts": {"gazetteer load": loaded - started, "nlp + ruler patterns": built - loaded}}
    return one_pass, built - started, info, None


def _timed_posts(one_post, posts: list, repeat: int) -> list[float]:
    """Extract the posts `repeat` times over, each timed alone: the least wall seconds each took."""
    minima = [math.inf] * len(posts)
    clock = time.perf_counter
    for _ in range(repeat):
        for index, post in enumerate(posts):
            began = clock()
            one_post(post)
            took = clock() - began
            if took < minima[index]:
                minima[index] = took
    return minima


def worker(name: str, corpus: Path, min_seconds: float, repeat: int | None) -> dict:
    """One measurement of one pipeline (the parent runs a child per measurement, the pipelines taking turns)."""
    posts = _load_posts(corpus)
    rss_before = _rss_mib()
    one_pass, build_seconds, info, one_post = _build(name)
    started = time.process_time()
    spans = one_pass(posts, collect=True)  # warm-up (first-use caches), and what it finds
    warm = time.process_time() - started
    if repeat is None:
        started = time.process_time()
        one_pass(posts)  # calibration: how many times the corpus fills --min-seconds
        calibration = time.process_time() - started
        repeat = max(1, math.ceil(1.1 * min_seconds / max(calibration, 1e-6)))
    started, started_wall = time.process_time(), time.perf_counter()
    if one_post is None:
        minima = None
        one_pass(posts * repeat)
    else:
        minima = _timed_posts(one_post, posts, repeat)
    seconds, wall_seconds = time.process_time() - started, time.perf_counter() - started_wall
    return {
        "name": name, "posts": len(posts), "repeat": repeat, "timed_posts": len(posts) * repeat, "times": [seconds],
        "walls": [wall_seconds], "seconds": seconds, "wall_seconds": wall_seconds,
        "build_seconds": build_seconds, "warmup_seconds": warm, "post_minima": minima,
        "rss_before_build_mib": rss_before, "peak_rss_mib": _peak_rss_mib(), "spans": spans, **info,
    }


def serve(name: str, corpus: Path) -> None:
    """A long-lived child for alternating passes: builds the pipeline and warms it up once, then for each line "pass"
    on stdin times one pass over the posts (each post alone) and writes the times as a JSON line."""
    posts = _load_posts(corpus)
    one_pass, _, info, one_post = _build(name)
    one_pass(posts)  # warm-up
    print(json.dumps({"posts": len(posts), "compiled": info["compiled"]}), flush=True)
    for line in sys.stdin:
        if line.strip() != "pass":
            break
        print(json.dumps(_timed_posts(one_post, posts, 1)), flush=True)


# ---------------------------------------------------------------------------------------------- the parent


def machine() -> dict:
    model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "cpu": model, "cores": os.cpu_count(), "usable_cores": usable, "python": platform.python_version(),
        "platform": platform.platform(), "date": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def checkout_before(ref: str, into: Path) -> Path:
    """kg/ and setup.py of an earlier commit, compiled with mypyc in place as setup.py does for an install."""
    archive = subprocess.run(["git", "archive", ref, "kg", "setup.py", "pyproject.toml"], cwd=REPO,
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    built = subprocess.run([sys.executable, "setup.py", "build_ext", "--inplace"], cwd=into, capture_output=True,
                           text=True)
    if built.returncode != 0 or not list((into / "kg" / "extract").glob("names*.so")):
        sys.stderr.write(built.stdout[-2000:] + built.stderr[-2000:])
        sys.exit(f"bench_extract: could not compile the extraction of {ref}")
    return into


def _child_setting(name: str, args, source: str) -> tuple[dict[str, str], Path]:
    """The environment and working directory of a child that runs the pipeline (`source`: a scratch directory)."""
    environment = dict(os.environ)
    if name == "ours-full-python":  # the package's Python source alone, without the modules mypyc compiled
        shutil.copytree(REPO / "kg", Path(source) / "kg", ignore=shutil.ignore_patterns("*.so", "__pycache__"))
        environment["PYTHONPATH"] = source
    if name == "ours-full-before":
        environment["PYTHONPATH"] = str(args.before_tree)
        return environment, args.before_tree
    return environment, REPO


def run_child(name: str, args, repeat: int | None) -> dict:
    """One measurement of one pipeline, in a child process of its own."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", name, "--corpus", str(args.corpus),
               "--min-seconds", str(args.min_seconds)]
    if repeat is not None:
        command += ["--repeat", str(repeat)]
    with tempfile.TemporaryDirectory() as source:
        environment, directory = _child_setting(name, args, source)
        done = subprocess.run(command, capture_output=True, text=True, cwd=directory, env=environment)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        sys.exit(f"bench_extract: the {name} run failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def alternate(names: list[str], args) -> dict[str, list[float]]:
    """Each post's least time for each pipeline, by long-lived children (one per pipeline) that take turns, one pass
    each, for args.alternations rounds (the order reversed every other round)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--corpus", str(args.corpus), "--serve"]
    children: dict[str, subprocess.Popen] = {}
    minima: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as source:
        try:
            for name in names:
                environment, directory = _child_setting(name, args, source)
                child = children[name] = subprocess.Popen([*command, name], stdin=subprocess.PIPE,
                                                          stdout=subprocess.PIPE, text=True, cwd=directory,
                                                          env=environment)
                _reply(child, name)  # built and warmed up
            for round_number in range(args.alternations):
                for name in names if round_number % 2 == 0 else names[::-1]:
                    child = children[name]
                    child.stdin.write("pass\n")
                    child.stdin.flush()
                    times = _reply(child, name)
                    minima[name] = [min(pair) for pair in zip(minima.get(name, times), times)]
        finally:
            for child in children.values():
                child.stdin.close()
                child.wait()
    return minima


def _reply(child: subprocess.Popen, name: str):
    """The child's next JSON line; the run ends where the child has ended instead."""
    line = child.stdout.readline()
    if not line:
        sys.exit(f"bench_extract: the {name} child for alternating passes ended (exit {child.wait()})")
    return json.loads(line)


def _add_measurement(result: dict, measured: dict) -> None:
    """Fold a later round's measurement of a pipeline into its result: medians over the rounds so far."""
    result["times"] += measured["times"]
    result["walls"] += measured["walls"]
    result["seconds"] = statistics.median(result["times"])
    result["wall_seconds"] = statistics.median(result["walls"])
    result["peak_rss_mib"] = max(result["peak_rss_mib"], measured["peak_rss_mib"])
    if result["post_minima"] is not None:
        result["post_minima"] = [min(pair) for pair in zip(result["post_minima"], measured["post_minima"])]


def _minima_rate(result: dict) -> float | None:
    """Posts per second by each post's least time over every round and repeat (None for spaCy's batches)."""
    return None if result["post_minima"] is None else len(result["post_minima"]) / sum(result["post_minima"])


def sanity(results: dict[str, dict]) -> list[str]:
    """Do the pipelines find comparable things? Mentions each finds, and how many spans they share."""
    lines = []
    full = results.get("ours-full")
    matcher = results.get("ours-matcher")
    base = results.get(BASELINE)
    if full:
        by = {}
        for span in full["spans"]:
            by[span[4]] = by.get(span[4], 0) + 1
        detail = ", ".join(f"{k} {v}" for k, v in sorted(by.items(), key=lambda kv: -kv[1]))
        lines.append(f"ours, full extraction: {len(full['spans'])} entity mentions ({detail})")
    if matcher:
        lines.append(f"ours, gazetteer matcher: {len(matcher['spans'])} gazetteer mentions")
    if base:
        lines.append(f"spaCy EntityRuler: {len(base['spans'])} doc.ents")
    if matcher and base:
        ours = {tuple(s[:4]) for s in matcher["spans"]}
        theirs = {tuple(s[:4]) for s in base["spans"]}
        ours_spans = {s[:3] for s in ours}
        theirs_spans = {s[:3] for s in theirs}
        lines.append(f"same span and id: {len(ours & theirs)}; same span: {len(ours_spans & theirs_spans)}; "
                     f"only ours: {len(ours_spans - theirs_spans)}; only spaCy: {len(theirs_spans - ours_spans)}")
    return lines


def render(results: dict[str, dict], alternated: dict[str, list[float]], info: dict, args) -> str:
    base = results.get(BASELINE)
    base_rate = base["timed_posts"] / base["seconds"] if base else None
    rows = [f"| pipeline | posts timed | CPU s (median of {args.runs}) | posts/s | × baseline | wall s | "
            "build s | peak RSS MiB (before build) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, result in results.items():
        rate = result["timed_posts"] / result["seconds"]
        ratio = f"{rate / base_rate:.2f}" if base_rate else "–"
        rows.append(f"| {TITLES[name]} | {result['timed_posts']:,} ({result['posts']} × {result['repeat']}) | "
                    f"{result['seconds']:.2f} | **{rate:,.0f}** | {ratio} | {result['wall_seconds']:.2f} | "
                    f"{result['build_seconds']:.2f} | {result['peak_rss_mib']:.0f} ({result['rss_before_build_mib']:.0f}) |")
    lines = [
        f"Machine: {info['cpu']}, {info['cores']} cores ({info['usable_cores']} usable), Python {info['python']}, "
        f"{info['platform']}; {info['date']}; load average {info['load_before']} before, {info['load_after']} after.",
        f"Corpus: `{_display(args.corpus)}`, {next(iter(results.values()))['posts']} posts. "
        "One core: each measurement in its own child process, one after another, thread variables = 1; the "
        f"pipelines take turns, {args.runs} rounds. "
        "posts/s = posts timed ÷ median CPU seconds (process time; wall seconds shown beside it); build = one-off "
        "set-up, CPU seconds, not in the throughput.",
        "",
        *rows,
        "",
    ]
    for name, result in results.items():
        parts = ", ".join(f"{k} {v:.2f} s" for k, v in result["build_parts"].items())
        extra = ""
        if "spacy" in result:
            extra = f"; spaCy {result['spacy']}, pipes {result['pipe']}, " + ", ".join(
                f"{k} {v}" for k, v in result["patterns"].items())
        elif "extractors" in result:
            extra = "; extractors: " + ", ".join(result["extractors"])
            extra += "; modules compiled with mypyc" if result["compiled"] else "; modules run as Python source"
        runs = ", ".join(f"{t:.2f}" for t in result["times"])
        minima = _minima_rate(result)
        least = "" if minima is None else (f"; by each post's least time, {1e6 / minima:.0f} µs a post "
                                           f"({minima:,.0f} posts/s)")
        lines.append(f"- {TITLES[name]}: build {parts}{extra}; CPU s per run {runs}{least}.")
    lines += ["", "Sanity (one pass over the corpus):", ""]
    lines += [f"- {line}" for line in sanity(results)]
    full = results.get("ours-full")
    if full and base_rate:
        ratio = full["timed_posts"] / full["seconds"] / base_rate
        verdict = "meets" if ratio >= TARGET_RATIO else "does NOT meet"
        lines += ["", f"Acceptance (full extraction ≥ {TARGET_RATIO:g}× the EntityRuler): {ratio:.2f}× — {verdict} it."]
    before = results.get("ours-full-before")
    if full and before:
        change = (full["timed_posts"] / full["seconds"]) / (before["timed_posts"] / before["seconds"])
        steady = _minima_rate(full) / _minima_rate(before)
        ours, theirs = (sum(alternated[name]) / len(alternated[name]) for name in ("ours-full", "ours-full-before"))
        ratio = theirs / ours
        within = "within" if min(ratio, change, steady) >= 1 - BEFORE_TOLERANCE else "NOT within"
        lines += ["", f"Against {args.before} (same run): {ratio:.3f}× its speed by alternating passes "
                      f"({1e6 * ours:.0f} against {1e6 * theirs:.0f} µs a post, each post's least time over "
                      f"{args.alternations} rounds); in the rounds above {change:.3f}× by median CPU seconds and "
                      f"{steady:.3f}× by each post's least time: {within} {BEFORE_TOLERANCE:.0%} of it by all three."]
    return "\n".join(lines)


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path, REPO)
    except ValueError:
        return str(path)


BEGIN, END = "<!-- bench_extract.py: begin (generated; re-run to update) -->", "<!-- bench_extract.py: end -->"


def write_section(path: Path, body: str) -> None:
    """Put the results between our markers in the 'Extraction throughput' section of the shared benchmarks file.

    Only the marked block is replaced: the prose around it in our section, and the other sections of the file
    (other benchmarks), are left alone. Without the section, it is appended (the file is created if missing).
    """
    block = f"{BEGIN}\n\n{body.rstrip()}\n\n{END}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text and text.index(BEGIN) < text.index(END):
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        command = f"`.venv/bin/python scripts/bench_extract.py --docs {_display(path)}`"
        text = text.rstrip() + f"\n\n{SECTION}\n\nMeasured by {command}.\n\n{block}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="posts to time (default: the MFA scrape)")
    parser.add_argument("--min-seconds", type=float, default=3.0, help="least duration of one measurement")
    parser.add_argument("--runs", type=int, default=3, help="rounds: one measurement of each pipeline per round; the median is reported")
    parser.add_argument("--only", nargs="+", choices=PIPELINES, default=list(DEFAULT_PIPELINES),
                        help="pipelines to run (default: all but spacy-ruler-tokens, which takes minutes)")
    parser.add_argument("--before", metavar="REF", help="also time the full extraction of this earlier commit")
    parser.add_argument("--docs", type=Path, help="also write the results as the 'Extraction throughput' section")
    parser.add_argument("--json", type=Path, help="also write the raw results as JSON")
    parser.add_argument("--worker", choices=PIPELINES, help=argparse.SUPPRESS)
    parser.add_argument("--alternations", type=int, default=16,
                        help="with --before: rounds of alternating passes of the two full extractions")
    parser.add_argument("--repeat", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--serve", choices=("ours-full", "ours-full-before"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.corpus = args.corpus.resolve()
    if not args.corpus.is_file():
        sys.exit(f"bench_extract: corpus not found: {args.corpus}\n"
                 "The MFA scrape is third-party and not in the repository; it is expected at "
                 "../shared/corpus/mfarussia-tme-scrape/mfa_telegram.csv (or pass --corpus FILE).")
    if args.worker:
        print(json.dumps(worker(args.worker, args.corpus, args.min_seconds, args.repeat)))
        return
    if args.serve:
        serve(args.serve, args.corpus)
        return
    if args.alternations < 1:
        sys.exit("bench_extract: --alternations must be at least 1")

    if args.before:
        scratch = tempfile.TemporaryDirectory(prefix="bench-before-")  # removed when the run ends
        args.before_tree = checkout_before(args.before, Path(scratch.name))
        args.only = [*args.only, "ours-full-before"] if "ours-full-before" not in args.only else args.only
    elif "ours-full-before" in args.only:
        sys.exit("bench_extract: ours-full-before needs --before REF")
    info = machine()
    info["load_before"] = "%.1f" % os.getloadavg()[0]
    results: dict[str, dict] = {}
    for round_number in range(1, args.runs + 1):
        for name in args.only:
            print(f"… round {round_number}: {TITLES[name]}", file=sys.stderr, flush=True)
            measured = run_child(name, args, results[name]["repeat"] if name in results else None)
            if name not in results:
                results[name] = measured
            else:
                _add_measurement(results[name], measured)
    alternated: dict[str, list[float]] = {}
    if args.before and "ours-full" in args.only:
        print(f"… {args.alternations} rounds of alternating passes of the two full extractions", file=sys.stderr,
              flush=True)
        alternated = alternate(["ours-full", "ours-full-before"], args)
    info["load_after"] = "%.1f" % os.getloadavg()[0]
    body = render(results, alternated, info, args)
    print(body)
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results, "alternated": alternated}, indent=1),
                             encoding="utf-8")
    if args.docs:
        write_section(args.docs, body)
        print(f"\nwrote the '{SECTION[3:]}' section of {args.docs}", file=sys.stderr)


if __name__ == "__main__":
    main()

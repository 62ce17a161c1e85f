#!/usr/bin/env python3
"""Reads prio's CI files for t0630-ci.t and prints what each one holds,
one fact a line, so the test compares the whole printout exactly.

    python3 ci-files.py <prio source> action|workflow|gitlab|precommit
    python3 ci-files.py <prio source> run <step name>

Every file must parse as YAML; every file a step runs must exist; every
input and step an expression names must be declared.  A problem is
printed as "BAD: ..." (and the exit status is 1)."""
import os
import re
import sys

import yaml

SRC = sys.argv[1]
bad = []


def load(rel):
    with open(os.path.join(SRC, rel), encoding="utf-8") as f:
        return yaml.safe_load(f)


def check(cond, what):
    if not cond:
        bad.append(what)


def expressions(value):
    """The ${{ }} expressions in a string (or an if:, which is one)."""
    return re.findall(r"\$\{\{(.*?)\}\}", value)


def action():
    a = load("action.yml")
    check(a["runs"]["using"] == "composite", "not a composite action")
    inputs = a.get("inputs", {})
    for name, spec in inputs.items():
        check("description" in spec, f"input {name} has no description")
    ids = []
    for step in a["runs"]["steps"]:
        name = step.get("name", "?")
        check(("uses" in step) != ("run" in step),
            f"step '{name}' needs one of uses: and run:")
        texts = [v for v in step.get("with", {}).values()] + \
            [v for v in step.get("env", {}).values()] + \
            [step.get("run", ""), step.get("working-directory", "")]
        exprs = [e for t in texts if isinstance(t, str)
            for e in expressions(t)]
        if "if" in step:
            exprs.append(step["if"])
        for e in exprs:
            for i in re.findall(r"\binputs\.([\w-]+)", e):
                check(i in inputs, f"step '{name}' uses undeclared input {i}")
            for s in re.findall(r"\bsteps\.([\w-]+)", e):
                check(s in ids, f"step '{name}' uses step {s} before it")
        if "run" in step:
            check(step.get("shell") == "bash", f"step '{name}' has no shell")
            check("${{" not in step["run"],
                f"step '{name}' puts an expression in its script")
            files = re.findall(r'\$GITHUB_ACTION_PATH/([\w./-]+)', step["run"])
            for f in files:
                check(os.path.isfile(os.path.join(SRC, f)),
                    f"step '{name}' runs {f}, which does not exist")
            what = " ".join(files) or step["run"].strip()
        else:
            check(re.fullmatch(r"[\w-]+/[\w.-]+@v\d+", step["uses"]),
                f"step '{name}' uses {step['uses']}, not owner/name@vN")
            what = step["uses"]
        cond = f" if {step['if']}" if "if" in step else ""
        print(f"step {name}: {what}{cond}".replace("\n", " "))
        if "id" in step:
            ids.append(step["id"])
    print("inputs:", " ".join(sorted(inputs)))


def workflow():
    w = load("contrib/ci/github-actions.yml")
    on = w.get("on", w.get(True))      # YAML 1.1 reads `on` as true
    print("on:", " ".join(sorted(on)))
    print("permissions:", w["permissions"])
    for step in w["jobs"]["backlog"]["steps"]:
        uses = step["uses"]
        if uses.startswith("./"):
            # The example keeps prio's source in prio/: this tree.
            rel = os.path.relpath(uses, "./prio")
            check(os.path.isfile(os.path.join(SRC, rel, "action.yml")),
                f"{uses} has no action.yml")
        print("uses:", uses, step.get("with", ""))


def gitlab():
    g = load("contrib/ci/gitlab-ci.yml")
    base = g[".prio"]
    for line in base["before_script"]:
        for f in re.findall(r"\bprio/([\w./-]+\.sh)", line):
            check(os.path.isfile(os.path.join(SRC, f)), f"no {f}")
    for job in ("prio-check", "prio-diff"):
        j = g[job]
        check(j["extends"] == ".prio", f"{job} does not extend .prio")
        print(f"{job}: rules {j.get('rules', 'always')}")
        for line in j["script"]:
            print(f"  {line}")
        print(f"  artifacts: {j['artifacts']}")
    report = g["prio-check"]["artifacts"]["reports"]["codequality"]
    check(any(f"prio check --format codequality > {report}" in line
        for line in g["prio-check"]["script"]),
        "the codequality report is not what prio check writes")


def precommit():
    hooks = load(".pre-commit-hooks.yaml")
    check(isinstance(hooks, list) and len(hooks) == 1, "not one hook")
    h = hooks[0]
    for key in ("id", "name", "entry", "language"):
        check(key in h, f"no {key}")
    text = open(os.path.join(SRC, ".pre-commit-hooks.yaml"),
        encoding="utf-8").read()
    check(not re.search(r"<[a-z][^>]*>", text), "a <placeholder> is left")
    for key in sorted(h):
        if key not in ("files", "description"):
            print(f"{key}: {h[key]}")
    files = re.compile(h["files"])      # pre-commit reads it with re
    for path in ("backlog/stories/S-1-pay.md", "backlog/prio.yml",
            "backlog/tasks/task-1 - x.md", "backlog.config.yml",
            "src/backlog/x.c", "README.md", "mybacklog/prio.yml",
            "backlog.config.yml.bak"):
        print(f"files {'matches' if files.search(path) else 'skips'} {path}")


def run():
    """Prints the script of action.yml's step named argv[3]."""
    for step in load("action.yml")["runs"]["steps"]:
        if step.get("name") == sys.argv[3]:
            print(step["run"], end="")
            return
    check(False, f"no step named {sys.argv[3]}")


{"action": action, "workflow": workflow, "gitlab": gitlab,
    "precommit": precommit, "run": run}[sys.argv[2]]()
for b in bad:
    print("BAD:", b)
sys.exit(1 if bad else 0)

"""What `scoring score` would cost without pydantic validation on its path (#14 start-up).

    python benchmarks/startup_without_validation.py [--runs 15]

A prototype, not a design: the seed case and its scheme are loaded (validated) once here
and pickled; the prototype process then does what `scoring score` does — the same
imports (the collector off, as `cli.program`), the same three YAML files read with their
places, `evaluate`, the text table — but takes the case and scheme from the pickle, so no
pydantic validator is ever built (the content hash, which pydantic's serializer would
make, is handed over too). Its output is checked byte for byte against `scoring score`.
Printed: CPU time (user + system) of each process, best / median of the runs, in turn
with `import pydantic, yaml`, one trivial model validated, and `scoring score` itself.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "cases/anju-2023-investment.yaml"
FILES = (SEED, "indicator_sets/anju-2023-investment.yaml", "scoring/schemes/mof-2020.yaml")
PROTOTYPE = """
import gc, pickle, sys
gc.disable()
sys.path.insert(0, {root!r})
from pathlib import Path
import scoring.cli.main
import scoring.engine.evaluate as ev
from scoring.report import render_many
from scoring.read.source import read_yaml
gc.freeze(); gc.enable()
for name in {files!r}:
    read_yaml(Path(name))
with open({pickled!r}, "rb") as f:
    case, scheme, digest = pickle.load(f)
ev.content_hash = lambda *args: digest
sys.stdout.write(render_many([ev.evaluate(case, scheme)], "text", "zh", publish=False,
                             width=None))
assert "pydantic.plugin._loader" not in sys.modules, "a validator was built"
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    sys.path.insert(0, str(ROOT))
    from scoring import load_case
    from scoring.engine.evaluate import scheme_for
    from scoring.load.scheme import content_hash
    from scoring.read.packaged import write_data_caches

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "scoring")],
                   check=True)
    write_data_caches()
    os.chdir(ROOT)  # the case's places are printed as `scoring score` names them
    case = load_case(SEED)
    scheme = scheme_for(case)
    with tempfile.TemporaryDirectory() as folder:
        pickled = os.path.join(folder, "case.pickle")
        with open(pickled, "wb") as f:
            pickle.dump((case, scheme, content_hash(scheme, case.indicator_set)), f)
        prototype = PROTOTYPE.format(root=str(ROOT), files=FILES, pickled=pickled)
        cmds = {
            "python -c 'import pydantic, yaml'": [sys.executable, "-c", "import pydantic, yaml"],
            "  … and validate one trivial model": [
                sys.executable, "-c",
                "import pydantic, yaml\nclass M(pydantic.BaseModel):\n    x: int\nM(x=1)"],
            "scoring score <seed>": [sys.executable, "-m", "scoring", "score", SEED],
            "the same, no pydantic validation": [sys.executable, "-c", prototype],
        }
        outputs = {name: subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT).stdout
                   for name, cmd in cmds.items()}
        assert outputs["the same, no pydantic validation"] == outputs["scoring score <seed>"]
        times: dict[str, list[float]] = {name: [] for name in cmds}
        for _ in range(runs):
            for name, cmd in cmds.items():
                start = _children_cpu()
                subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
                times[name].append(_children_cpu() - start)
    bare = times["python -c 'import pydantic, yaml'"]
    print(f"CPU time, best / median of {runs}, load average {os.getloadavg()[0]:.1f}:")
    for name, spent in times.items():
        best, median = min(spent), statistics.median(spent)
        print(f"{name:36s} {best * 1000:4.0f} / {median * 1000:4.0f} ms = "
              f"{best / min(bare):.2f}× / {median / statistics.median(bare):.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Mutation testing (mutmut 3) of the rules, cell reading and engine modules
# (docs/security.md). Not part of CI: it takes about an hour on two cores.
#
#   pip install 'mutmut>=3.3'
#   scripts/mutation.sh [WORKDIR]          # default: a fresh temporary folder
#   MUTATE='scoring/engine/formulas.py scoring/read/cells.py' scripts/mutation.sh   # some modules only
#   TESTS='tests/engine/test_row.py tests/engine/test_evaluate.py' scripts/mutation.sh  # a faster test selection
#   (cd WORKDIR && python -m mutmut results)  # the surviving mutants
#   (cd WORKDIR && python -m mutmut show scoring.engine.formulas.x_positive__mutmut_3)
#
# The run works on a copy of the tree, so mutmut's `mutants/` folder and its
# configuration never touch the repository. The copy's conftest clears the
# caches of cells.py before each test: mutmut forks its workers from a process
# that already ran the suite, and a cached `read_cell` would answer with the
# unmutated code (every mutant of `read_date` would "survive").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${1:-$(mktemp -d -t scoring-mutation.XXXXXX)}"
mkdir -p "$WORK"
(cd "$ROOT" && tar --exclude=.git --exclude=.venv --exclude=mutants --exclude=__pycache__ \
  --exclude=.hypothesis --exclude=.pytest_cache -cf - .) | tar -xf - -C "$WORK"
cd "$WORK"
MUTATE="${MUTATE:-scoring/engine/formulas.py scoring/read/cells.py scoring/engine/evaluate.py scoring/engine/row.py scoring/engine/row_kinds.py}"
{
  echo "[mutmut]"
  echo "source_paths = scoring"
  echo "only_mutate ="
  for f in $MUTATE; do echo "    $f"; done
} > setup.cfg
TESTS="${TESTS:-tests/engine/test_formulas.py tests/read/test_cells.py tests/engine/test_row.py tests/engine/test_evaluate.py tests/test_golden.py tests/engine/test_department.py tests/engine/test_expr_rule.py}"
{
  echo "pytest_add_cli_args_test_selection ="
  for t in $TESTS; do echo "    $t"; done
} >> setup.cfg
cat >> setup.cfg <<'EOF'
pytest_add_cli_args =
    -p
    no:cacheprovider
    -x
    -q
also_copy =
    cases
    indicator_sets
    schemes
    schemas
use_git_change_detection = false
EOF
cat >> tests/conftest.py <<'EOF'


@pytest.fixture(autouse=True)
def _fresh_cell_caches() -> None:
    """Mutation runs only: no result computed by unmutated code survives in a cache."""
    from scoring.read import cells

    for name in ("read_cell", "read_comparator", "spellings", "normalize"):
        clear = getattr(getattr(cells, name, None), "cache_clear", None)
        if clear is not None:
            clear()
EOF
echo "mutation run in $WORK"
nice -n 10 python -m mutmut run --max-children "${JOBS:-2}"
python -m mutmut results | awk '{print $NF}' | sort | uniq -c

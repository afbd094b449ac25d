"""The allocation engine's imports: no web or database layer, no cycles, no private names."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "seminar"
ENGINE = "seminar.workshops.allocation"
FORBIDDEN = ("flask", "flask_sqlalchemy", "sqlalchemy", "seminar.extensions", "seminar.models")


def imports(module: str) -> list[tuple[str, list[str]]]:
    """(imported module, names taken from it) for every import statement of ``module``."""
    path = PACKAGE.parent / (module.replace(".", "/") + ".py")
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [alias.name for alias in node.names]
            submodules = [f"{node.module}.{n}" for n in names]
            inside = [
                m for m in submodules if (PACKAGE.parent / f"{m.replace('.', '/')}.py").exists()
            ]
            found += [(m, []) for m in inside]
            found.append((node.module, [n for n in names if f"{node.module}.{n}" not in inside]))
    return found


def engine_graph() -> dict[str, set[str]]:
    """Every seminar module the engine reaches, with the seminar modules each one imports."""
    graph, todo = {}, [ENGINE]
    while todo:
        module = todo.pop()
        if module in graph:
            continue
        graph[module] = set()
        for target, _ in imports(module):
            if (
                target.startswith("seminar.")
                and (PACKAGE.parent / f"{target.replace('.', '/')}.py").exists()
            ):
                graph[module].add(target)
                todo.append(target)
    return graph


def test_the_engine_imports_neither_flask_nor_sqlalchemy():
    for module in engine_graph():
        for target, _ in imports(module):
            assert not target.startswith(FORBIDDEN), f"{module} imports {target}"


def test_the_engine_modules_import_no_cycle():
    graph = engine_graph()
    state = {}

    def visit(module, path):
        state[module] = "open"
        for target in sorted(graph[module]):
            assert state.get(target) != "open", " -> ".join([*path, target])
            if target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    visit(ENGINE, [ENGINE])


def test_no_engine_module_takes_a_private_name_from_another():
    for module in engine_graph():
        for target, names in imports(module):
            private = [n for n in names if n.startswith("_")]
            assert not private, f"{module} imports {private} from {target}"

"""No import circles: a module never imports, directly or through others, a module that imports it.

Built with grimp (import-linter's graph), over every import in the source, including those made
inside functions, which hide a circle rather than remove it.
"""

from __future__ import annotations

import grimp


def test_no_module_of_calmskin_is_part_of_an_import_circle() -> None:
    graph = grimp.build_graph("calmskin", cache_dir=None)
    circles = []
    modules = sorted(graph.modules)
    for importer in modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            if imported != importer and graph.chain_exists(importer=imported, imported=importer):
                chain = graph.find_shortest_chain(importer=imported, imported=importer)
                circles.append(f"{importer} -> {' -> '.join(chain or ())}")
    assert len(modules) > 150  # the graph really holds the project
    assert circles == []

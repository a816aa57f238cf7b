"""The MkDocs hook mkdocs.yml names: the event functions of generator/site/mkdocs_engine.py, where the
hook's logic lives with the rest of what the build knows of MkDocs.

MkDocs loads a hook from a file path, as a module named after that path. Naming the engine's own file
there would load it twice in MkDocs' process: once so, and again as generator.site.mkdocs_engine
when the generator's modules it imports load their package, each copy with its own state. This file
only re-exports, so the engine is loaded once, under its package name. MkDocsRun puts the generator
on MkDocs' import path.
"""
from generator.site.mkdocs_engine import (on_build_error, on_config, on_files, on_page_markdown, on_post_build,
                                          on_post_page, on_post_template, on_startup)

__all__ = ["on_build_error", "on_config", "on_files", "on_page_markdown", "on_post_build", "on_post_page",
           "on_post_template", "on_startup"]

"""One cold start, run by bench/run.py in a fresh process on a pseudo-terminal.

    python bench/_coldstart.py bare OUT
    python bench/_coldstart.py desk OUT DB TZ

`bare` is a Textual app that paints one static label; `desk` runs
`frontdesk --db DB --tz TZ` itself (frontdesk.cli.main), hooked as modules load.  The moment of the first complete paint — for the desk: the
first frame written after the dashboard's first snapshot was applied — is
written to OUT as JSON ({"painted": time.perf_counter(), "rss_mb": ...});
perf_counter is the system-wide monotonic clock, so the parent subtracts its
own reading taken just before it started this process.  Then the process
ends at once (tear-down is not start-up).
"""

import sys
import time

MODE, OUT = sys.argv[1], sys.argv[2]


def painted() -> None:
    import json
    import os
    import resource

    moment = time.perf_counter()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open(OUT, "w", encoding="utf-8") as handle:
        json.dump({"painted": moment, "rss_mb": rss_mb}, handle)
    os._exit(0)


def hook_display(ready) -> None:
    """Call painted() after the first frame written to the terminal once ready(app) holds."""
    from textual.app import App

    original = App._display

    def _display(self, screen, renderable):
        original(self, screen, renderable)
        if renderable is not None and not self._batch_count and ready(self):
            painted()

    App._display = _display


if MODE == "bare":
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App):
        def compose(self) -> ComposeResult:
            yield Static("frontdesk")

        def on_mount(self) -> None:
            self.mounted = True

    hook_display(lambda app: getattr(app, "mounted", False))
    Bare().run()
else:
    # the real `frontdesk --db DB --tz TZ`, hooked as its modules load (so the import order is the app's own)
    import importlib.abc
    import importlib.machinery

    DB, TZ = sys.argv[3], sys.argv[4]

    def patch_app(module) -> None:
        hook_display(lambda app: getattr(app, "bench_applied", False))

    def patch_dashboard(module) -> None:
        apply = module.DashboardScreen._apply

        def _apply(self, snapshot, now):
            apply(self, snapshot, now)
            self.app.bench_applied = True

        module.DashboardScreen._apply = _apply

    PATCHES = {"textual.app": patch_app, "frontdesk.ui.screens.dashboard": patch_dashboard}

    class AfterImport(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name not in PATCHES:
                return None
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            run_module = spec.loader.exec_module

            def exec_module(module):
                run_module(module)
                PATCHES[name](module)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, AfterImport())
    from frontdesk.cli.main import main

    main(["--db", DB, "--tz", TZ])

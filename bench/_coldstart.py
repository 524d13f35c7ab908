"""One cold start, run by bench/run.py in a fresh process on a pseudo-terminal.

    python bench/_coldstart.py bare OUT
    python bench/_coldstart.py desk OUT DB TZ

`bare` is a Textual app that paints one static label; `desk` goes the way
`frontdesk --db DB --tz TZ` goes (argument parsing, settings, opening the
file, the App).  The moment of the first complete paint — for the desk: the
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
    DB, TZ = sys.argv[3], sys.argv[4]
    from frontdesk import cli

    args = cli.build_parser().parse_args(["--db", DB, "--tz", TZ])
    settings = cli.load_settings(args)
    from frontdesk import store

    store.open_database(settings.db_path)  # as cli.run_app does: fail early, in one line
    store.close_database()
    from frontdesk.app import FrontDeskApp
    from frontdesk.screens import dashboard

    apply = dashboard.DashboardScreen._apply

    def _apply(self, snapshot, now):
        apply(self, snapshot, now)
        self.app.bench_applied = True

    dashboard.DashboardScreen._apply = _apply
    hook_display(lambda app: getattr(app, "bench_applied", False))
    FrontDeskApp(settings).run()

"""Before a promise is saved: does history say it is unlikely?  Used by the
promise form and the new-ticket form."""

from __future__ import annotations

from frontdesk.domain import four_times


class PromiseCheck:
    """For forms that take a promise: before saving, warn when the promise is
    earlier than history says is likely, and save only if the desk insists."""

    promise_confirmed = False

    def check_promise(self, promised_by, expected, save) -> None:
        warning = four_times.promise_warning(promised_by, expected) if promised_by and expected else None
        if warning is None or self.promise_confirmed:
            save()
            return
        from frontdesk.ui.screens.confirm import ConfirmScreen

        def decided(yes: bool | None) -> None:
            if yes:
                self.promise_confirmed = True
                save()

        self.app.push_screen(ConfirmScreen(f"{warning} Promise it anyway?", yes="Promise anyway",
                                           no="Change the date"), decided)

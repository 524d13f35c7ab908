"""Workarounds for behaviour of the pinned Textual (8.2.8) that would hurt a
desk that stays open all day.

`Widget.watch(other, name, callback)` keeps (widget, callback) in `other`'s
watcher list until `other.name` next changes.  A TextArea watches
`app.theme`, and every FooterKey watches its Footer's `compact`; neither
changes in a working day, so every closed form (and every footer re-compose)
stayed in memory: about 11 000 objects per call form opened, and garbage
collection — and so opening the next form — got slower all day.
"""

from __future__ import annotations


def release_detached_watchers(app) -> int:
    """Drop watcher entries whose widget has left the DOM; returns how many.

    Looks at the app and at every node of the screens in the stack (the
    only places a live watcher can be registered)."""
    released = 0
    nodes = [app]
    for screen in app.screen_stack:
        nodes.extend(screen.walk_children(with_self=True))
    for node in nodes:
        watchers = getattr(node, "__watchers", None)
        if not watchers:
            continue
        for entries in watchers.values():
            kept = [(owner, callback) for owner, callback in entries if _alive(owner, app)]
            released += len(entries) - len(kept)
            entries[:] = kept
    return released


def _alive(owner, app) -> bool:
    if owner is app:
        return True
    return bool(getattr(owner, "is_attached", True)) and not getattr(owner, "_closing", False)

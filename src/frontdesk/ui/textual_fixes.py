"""Workarounds for behaviour of the pinned Textual (8.2.8) that would hurt a
desk that stays open all day.

`Widget.watch(other, name, callback)` keeps (widget, callback) in `other`'s
watcher list until `other.name` next changes.  A TextArea watches
`app.theme`, and every FooterKey watches its Footer's `compact`; neither
changes in a working day, so every closed form (and every footer re-compose)
stayed in memory: about 11 000 objects per call form opened, and garbage
collection — and so opening the next form — got slower all day.

`StylesCache.get_inner_outer` is an `lru_cache` on an instance method (it
lacks `@classmethod`), so it keeps the render caches of the last 1 024
widgets ever drawn — closed forms' included: ~150 000 objects that every full
collection walked, 15 ms at first and 60–140 ms by mid-morning, inside
whatever key was being pressed.  Its values depend only on two colours, so
clearing it costs nothing.
"""

from __future__ import annotations


def release_detached_watchers(app) -> int:
    """Let closed widgets go: drop watcher entries whose widget has left the
    DOM (returns how many), and empty the style cache that pins them.

    Looks at the app and at every node of the screens in the stack (the
    only places a live watcher can be registered)."""
    _clear_inner_outer_cache()
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


def _clear_inner_outer_cache() -> None:
    from textual._styles_cache import StylesCache

    cached = StylesCache.__dict__.get("get_inner_outer")
    if hasattr(cached, "cache_clear"):
        cached.cache_clear()

"""A small registry for integrations (identity providers, scanners, delivery channels ...).

registry = Registry[BasePlugin]()

@registry.register("clamav")
class ClamAV(BasePlugin): ...
"""

from __future__ import annotations

from collections.abc import Callable, Iterator


class Registry[T]:
    def __init__(self) -> None:
        self._items: dict[str, type[T]] = {}

    def register(self, identifier: str) -> Callable[[type[T]], type[T]]:
        def decorator(cls: type[T]) -> type[T]:
            if identifier in self._items:
                raise ValueError(f"plugin {identifier!r} is already registered")
            self._items[identifier] = cls
            return cls

        return decorator

    def __getitem__(self, identifier: str) -> type[T]:
        return self._items[identifier]

    def __contains__(self, identifier: object) -> bool:
        return identifier in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

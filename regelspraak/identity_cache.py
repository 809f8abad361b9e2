"""Values kept per object, by identity: a model's plan, a model's compiled module, a distribution's prepared
form. In: a cache dict, the object, the function that makes the value, the most objects to keep."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

_T = TypeVar("_T")


def per_object(cache: dict[int, tuple[Any, Any]], obj: object, make: Callable[[Any], _T], limit: int) -> _T:
    """make(obj), kept per object (by identity) in `cache`; the cache is emptied when it holds `limit`
    objects, so a long-lived process does not grow. The object is kept alive with its value, so its id
    cannot be reused while the entry stands."""
    got = cache.get(id(obj))
    if got is None or got[0] is not obj:
        if len(cache) >= limit:
            cache.clear()
        got = cache[id(obj)] = (obj, make(obj))
    return got[1]  # type: ignore[no-any-return]

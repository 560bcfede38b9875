# Type stubs for SharedArray (see __init__.py and the docstrings).
import builtins
from typing import Any, Literal, SupportsIndex, Sequence, Union

import numpy as np
from numpy.typing import DTypeLike

__version__: str

MS_ASYNC: int
MS_SYNC: int
MS_INVALIDATE: int

_ShapeLike = Union[SupportsIndex, Sequence[SupportsIndex]]

def create(
    name: str,
    shape: _ShapeLike,
    dtype: DTypeLike = ...,
    order: Literal["C", "F"] = ...,
    mode: int = ...,
    *,
    lazy: bool = ...,
    populate: bool = ...,
) -> np.ndarray[Any, np.dtype[Any]]: ...
def attach(name: str, ro: bool = ...) -> np.ndarray[Any, np.dtype[Any]]: ...
def delete(name: str) -> None: ...
def msync(array: np.ndarray[Any, Any] | memoryview, flags: int) -> None: ...
def mlock(array: np.ndarray[Any, Any] | memoryview) -> None: ...
def munlock(array: np.ndarray[Any, Any] | memoryview) -> None: ...

class ListElement(tuple[str, np.dtype[Any], tuple[int, ...]]):
    def __new__(
        cls,
        name: str,
        dtype: DTypeLike,
        dims: Sequence[int],
        order: Literal["C", "F"] = ...,
        nbytes: int = ...,
    ) -> ListElement: ...
    @property
    def name(self) -> str: ...
    @property
    def dtype(self) -> np.dtype[Any]: ...
    @property
    def dims(self) -> tuple[int, ...]: ...
    @property
    def shape(self) -> tuple[int, ...]: ...
    order: Literal["C", "F"]
    nbytes: int

def list(where: str | None = ...) -> builtins.list[ListElement]: ...

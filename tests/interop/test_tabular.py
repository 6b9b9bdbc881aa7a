"""CSV cells: any text read back by pandas is the text itself, or (when a spreadsheet would run
it as a formula) the text behind one leading quote; numbers and booleans keep their type."""

from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from legcare.interop.tabular import FORMULA_START, csv_cell


def _read_back(values: list[object]) -> list[object]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["n", "value"])  # a number first, so no line is blank to pandas
    writer.writerows([[n, csv_cell(v)] for n, v in enumerate(values)])
    frame = pd.read_csv(io.StringIO(out.getvalue()), dtype=str, keep_default_na=False)
    assert list(frame["n"]) == [str(n) for n in range(len(values))]
    return list(frame["value"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(min_size=1), min_size=1, max_size=20))
def test_text_comes_back_whole_and_never_as_a_formula(texts: list[str]) -> None:
    texts = [t.replace("\r", "") for t in texts]  # a bare CR inside a cell is a line break
    texts = [t for t in texts if t] or ["x"]
    for text, cell in zip(texts, _read_back(list(texts)), strict=True):
        assert not str(cell).startswith(FORMULA_START)
        assert cell == ("'" + text if text.startswith(FORMULA_START) else text)


@given(st.lists(st.integers(-(10**6), 10**6) | st.booleans(), min_size=1, max_size=20))
def test_numbers_and_booleans_keep_their_type(values: list[int | bool]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["value"])
    writer.writerows([[csv_cell(v)] for v in values])
    frame = pd.read_csv(io.StringIO(out.getvalue()))
    read = list(frame["value"])
    if all(isinstance(v, bool) for v in values):
        assert read == values and frame["value"].dtype == bool
    elif not any(isinstance(v, bool) for v in values):
        assert read == values  # negative numbers are not escaped

"""Catalogue errors survive the trip to and from worker processes."""

from __future__ import annotations

import pickle

from eventwire.errors import Code, InputError, StoreError


def test_errors_pickle_keeps_class_code_fields_and_message() -> None:
    for error in (
        InputError(Code.E107, line=3, reason="Expecting value"),
        StoreError(Code.E302, found="9999", expected="0004"),
    ):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error)
        assert (back.code, back.fields, str(back)) == (error.code, error.fields, str(error))

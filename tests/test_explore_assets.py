"""The explorer's inlined assets: nothing can close its element early."""

from __future__ import annotations

import pytest

from enschede_kg.explore import assets


def test_inline_asset_that_could_close_its_element_is_refused() -> None:
    with pytest.raises(assets.ExplorerError, match="</script"):
        assets.inline("var a = '</script>';", "script")
    assert assets.script_json({"a": "</script><!--&\u2028"}) == (
        '{"a":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028"}'
    )

"""The insights charts in Chromium on a 390 px phone: text renders at 12 px or more.

The page shows each chart as an image; the browser's own SVG parser reads the image's source and
the rendered width of the image gives the scale, so the check is about what a person sees.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

PHONE_390 = {"width": 390, "height": 844}

MIN_RENDERED_FONT = """
() => [...document.querySelectorAll('figure.chart img')].map(img => {
  const svg = atob(img.src.split(',')[1]);
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = doc.documentElement;
  const width = parseFloat(root.getAttribute('viewBox').split(' ')[2]);
  const sizes = [...doc.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')));
  return {shown: img.getBoundingClientRect().width, width, smallest: Math.min(...sizes),
          caption: img.closest('figure').querySelector('figcaption').innerText,
          alt: img.alt, page: document.documentElement.scrollWidth};
})
"""


def test_insights_charts_are_readable_on_a_390_px_phone(browser: Any, live_server: Any) -> None:
    context = browser.new_context(viewport=PHONE_390, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        today = date.today()
        for i in range(21):
            day = (today - timedelta(days=i)).isoformat()
            body = {"kind": "evening", "day": day, "replace": True,
                    "values": {"rls": 3 + i % 5, "caffeine": i % 3 == 0}}  # fmt: skip
            response = page.request.post(f"{live_server.url}/api/v1/checkins", data=body)
            assert response.status in (200, 201), response.text()
        page.goto(f"{live_server.url}/insights")
        charts = page.evaluate(MIN_RENDERED_FONT)
        assert len(charts) >= 2  # symptoms and exposures at least
        for chart in charts:
            rendered = chart["smallest"] * chart["shown"] / chart["width"]
            assert rendered >= 12.0, chart
            assert chart["shown"] <= PHONE_390["width"], chart  # no sideways scrolling
            assert chart["caption"] and chart["caption"] not in chart["alt"]
        assert charts[0]["page"] <= PHONE_390["width"]
    finally:
        context.close()

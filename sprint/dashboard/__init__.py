"""`sprint dashboard`: a Streamlit app over the KPI and answer marts (docs/DASHBOARD.md).

`app.py` is the entry point Streamlit runs; each page is a script in `views/`. Pages read
the warehouse only through `sprint.dashboard.data`, which never holds a connection open.
"""

from pathlib import Path

APP = Path(__file__).with_name("app.py")

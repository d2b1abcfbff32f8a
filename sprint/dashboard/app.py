"""Sprint's studio dashboard: `sprint dashboard` runs this with Streamlit.

Filters live in the sidebar; each page is a script in views/. A warehouse that cannot be
read (missing, not built, or held by a run past the retry) is one warning, not a traceback.
"""

import streamlit as st

from sprint.dashboard import filters
from sprint.errors import UserError

st.set_page_config(page_title="Sprint studio KPIs", page_icon=":material/sports_esports:", layout="wide")

# Not "pages/": Streamlit would take a folder of that name for an old-style multipage app
# and run a page without this script (so without the sidebar filters).
PAGES = [
    st.Page("views/answers.py", title="Seven answers", icon=":material/quiz:", default=True),
    st.Page("views/activity.py", title="Activity", icon=":material/group:"),
    st.Page("views/online.py", title="Online", icon=":material/monitoring:"),
    st.Page("views/retention.py", title="Retention", icon=":material/event_repeat:"),
    st.Page("views/monetisation.py", title="Monetisation", icon=":material/payments:"),
    st.Page("views/countries.py", title="Countries", icon=":material/public:"),
    st.Page("views/encounters.py", title="Encounters", icon=":material/radar:"),
    st.Page("views/player.py", title="Player lookup", icon=":material/person_search:"),
]

page = st.navigation(PAGES)
try:
    filters.sidebar()
    page.run()
except UserError as error:
    st.warning(str(error), icon=":material/warning:")

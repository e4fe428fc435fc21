"""The guides page: every available interview guide with its stages and questions."""

import streamlit as st

from elicit.core.errors import GuideError
from elicit.core.guides import Guide, builtin_guides
from elicit.presenting import guide_length


def render_guide(guide: Guide) -> None:
    st.subheader(guide.title)
    st.caption(f"{guide.domain} · {guide_length(guide)} · v{guide.version}")
    st.text(guide.description)
    for number, stage in enumerate(guide.stages, 1):
        with st.expander(f"Stage {number} of {len(guide.stages)}: {stage.title}"):
            st.text(stage.intro)
            for question in stage.questions:
                notes = [n for n, shown in (("optional", not question.required), ("short path", question.short))
                         if shown]
                st.markdown(f"**{question.ask}**" + (f" ({', '.join(notes)})" if notes else ""))
                st.caption(question.why)


st.title("Interview guides")
st.write("Each guide interviews an expert one question at a time and turns the answers into a documented prompt.")
try:
    guides = builtin_guides()
except GuideError as exc:
    st.error("A guide file is invalid, so the guides cannot be shown. Run `elicit guides validate` for details.")
    st.code(str(exc), language=None)
else:
    if not guides:
        st.info("No guides found in interview_guides/.")
    else:  # one guide at a time: a short page, quick to open, on a phone too
        chosen = st.selectbox("Guide", list(guides), key="gd_guide", format_func=lambda g: guides[g].title)
        render_guide(guides[chosen])

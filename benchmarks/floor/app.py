"""The floor: a trivial Streamlit app of the same version (two pages, each with a title, a
metric, a 10-point plotly chart and three select boxes). What Streamlit itself costs."""

import plotly.graph_objects as go
import streamlit as st


def page(name: str) -> None:
    st.title(f"Floor {name}")
    st.metric("Learners enrolled", "2,031", "+12")
    for n in range(3):
        st.selectbox(f"Choice {n + 1}", ["a", "b", "c"], key=f"{name}-{n}")
    fig = go.Figure(go.Scatter(x=list(range(10)), y=[v * v for v in range(10)]))
    st.plotly_chart(fig, config={"displaylogo": False})


st.navigation(
    [
        st.Page(lambda: page("one"), title="One", url_path="one", default=True),
        st.Page(lambda: page("two"), title="Two", url_path="two"),
    ]
).run()

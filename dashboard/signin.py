"""The sign-in view: the dashboard's own accounts, or the organisation's single sign-on.

Drawn by the sign-in page and by any page opened without a valid session (a crafted link, an
expired session): nothing else of the page is drawn. The password goes from the form to the
account store and is dropped; only the new session's token stays in the browser session.
"""

from __future__ import annotations

import streamlit as st

from dashboard import context, session
from pipelines.errors import AccessDenied

PASSWORD_KEY = "signin_password"
PLEASE = "Please sign in to see the dashboard."


def view() -> None:
    """Title, the last notice (signed out, expired), single sign-on if offered, the form."""
    directory = context.data_dir()
    project = context.project_of(directory)
    st.title("Sign in")
    st.caption(f"{project.acronym} Impact · {project.title}")
    viewer = session.current_viewer()
    notice = session.take_notice()
    if viewer is not None and viewer.role != "public":
        st.success(f"You are signed in as {viewer.username}.", icon=":material/check_circle:")
        return
    st.info(notice or PLEASE, icon=":material/login:")
    if not session.has_accounts(directory, project):
        st.warning(
            "No account exists yet. Create the coordinator's on the server: "
            "`python -m pipelines users add coordinator --role coordinator` "
            "(or `python -m pipelines demo` for the sample installation and its accounts).",
            icon=":material/person_add:",
        )

    if session.oidc_enabled(directory):
        if session.oidc_signed_in():  # signed in there, but with no role here
            st.button(
                "Use another organisation account",
                key="signin_oidc_other",
                on_click=session.end_oidc_login,
                icon=":material/logout:",
            )
        else:
            st.button(
                "Sign in with your organisation",
                key="signin_oidc",
                on_click=session.start_oidc_login,
                type="primary",
                icon=":material/badge:",
            )
        st.caption("Or with an account of this dashboard:")

    with st.form("signin", clear_on_submit=True, width=420):
        username = st.text_input("Username", key="signin_user", autocomplete="username")
        password = st.text_input(
            "Password", type="password", key=PASSWORD_KEY, autocomplete="current-password"
        )
        submitted = st.form_submit_button("Sign in", key="signin_submit", type="primary")
    if submitted:
        try:
            session.sign_in(username, password)
        except AccessDenied as exc:
            st.session_state.pop(PASSWORD_KEY, None)
            st.error(f"{exc}.", icon=":material/lock:")
        else:
            st.rerun()  # the signed-in account's menu and first page

    access = project.access
    st.caption(
        "Accounts are created by the coordinator. After "
        f"{access.lockout_attempts} wrong passwords in a row an account is locked for "
        f"{access.lockout_minutes} minutes; a session lasts {access.session_minutes} minutes."
    )

"""The sign-in view: the dashboard's own accounts, or the organisation's single sign-on.

Drawn by the sign-in page and by any page opened without a valid session (a crafted link, an
expired session): nothing else of the page is drawn, and the link's filters stay in the URL
for the page that opens after signing in. The password goes from the form to the account
store and is dropped; only the new session's token stays (see ``dashboard/wiring/cookie.py``).
"""

from __future__ import annotations

import streamlit as st

from dashboard.wiring import language, run_context, session
from pipelines.errors import AccessDenied

PASSWORD_KEY = "signin_password"


def view() -> None:
    """Title, language, the last notice (signed out, expired), single sign-on, the form."""
    directory = run_context.data_dir()
    project = run_context.project_of(directory)
    viewer = session.current_viewer()
    words = language.current_words(viewer)
    st.title(words.t("dashboard.signin.title"))
    st.caption(words.t("dashboard.signin.caption", acronym=project.acronym, title=project.title))
    language.picker(st, viewer)
    notice = session.take_notice()
    if viewer is not None and viewer.can("see_home"):
        st.success(
            words.t("dashboard.signin.already", username=viewer.username),
            icon=":material/check_circle:",
        )
        return
    st.info(
        words.message(notice) if notice else words.t("dashboard.signin.please"),
        icon=":material/login:",
    )
    if not session.has_accounts(directory, project):
        st.warning(words.t("dashboard.signin.no_accounts"), icon=":material/person_add:")

    if session.oidc_enabled(directory):
        if session.oidc_signed_in():  # signed in there, but with no role here
            st.button(
                words.t("dashboard.signin.oidc_other"),
                key="signin_oidc_other",
                on_click=session.end_oidc_login,
                icon=":material/logout:",
            )
        else:
            st.button(
                words.t("dashboard.signin.oidc"),
                key="signin_oidc",
                on_click=session.start_oidc_login,
                type="primary",
                icon=":material/badge:",
            )
        st.caption(words.t("dashboard.signin.or_local"))

    with st.form("signin", clear_on_submit=True, width=420):
        username = st.text_input(
            words.t("dashboard.signin.username"), key="signin_user", autocomplete="username"
        )
        password = st.text_input(
            words.t("dashboard.signin.password"),
            type="password",
            key=PASSWORD_KEY,
            autocomplete="current-password",
        )
        submitted = st.form_submit_button(
            words.t("dashboard.signin.submit"), key="signin_submit", type="primary"
        )
    if submitted:
        try:
            session.sign_in(username, password)
        except AccessDenied as exc:
            st.session_state.pop(PASSWORD_KEY, None)
            st.error(
                words.t("dashboard.signin.refused", reason=exc.render(words.lang)),
                icon=":material/lock:",
            )
        else:
            st.rerun()  # the signed-in account's menu and first page

    access = project.access
    st.caption(
        words.t(
            "dashboard.signin.rules",
            attempts=access.lockout_attempts,
            lockout=access.lockout_minutes,
            session=access.session_minutes,
        )
    )

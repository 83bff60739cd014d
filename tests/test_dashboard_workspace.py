"""The workspace's plumbing: a listed page whose file is missing stops the app, the language
is chosen in order (URL, account, browser), an account's language is remembered, the session
cookie's script, and a broken secrets file is reported."""

from __future__ import annotations

import pytest

from dashboard.wiring import cookie, navigation
from pipelines.errors import ConfigError, UsageError
from pipelines.words import preferences


def test_a_missing_page_file_stops_the_app():
    navigation.check_pages()  # every listed page exists
    missing = navigation.PageSpec("pages/nowhere.py", "home", ":material/home:", "nowhere")
    with pytest.raises(ConfigError) as caught:
        navigation.check_pages([*navigation.PAGES, missing])
    assert caught.value.key == "dashboard.error.missing_pages"
    assert "pages/nowhere.py" in str(caught.value)


def test_an_accounts_language_is_remembered(tmp_path):
    from pipelines.paths import DataDir

    directory = DataDir(tmp_path / "data")
    assert preferences.saved_language(directory, "kaznu-data") is None
    preferences.save_language(directory, "kaznu-data", "kk")
    preferences.save_language(directory, "kaznu-data", "ru")
    assert preferences.saved_language(directory, "kaznu-data") == "ru"
    assert preferences.saved_language(directory, "someone-else") is None
    with pytest.raises(UsageError) as caught:
        preferences.save_language(directory, "kaznu-data", "de")
    assert caught.value.key == "dashboard.error.language"


def test_the_cookie_holds_the_token_only_and_is_strict():
    text = cookie.script("abc_DEF-123", 3600)
    assert "leslie_session='+\"abc_DEF-123\"+'; Max-Age=3600; Path=/; SameSite=Strict" in text
    assert "Secure" in text  # over HTTPS
    assert "Max-Age=0" in cookie.script("", 0)  # signing out deletes it


def test_the_language_follows_the_url_then_the_account_then_the_browser(monkeypatch):
    from dashboard.wiring import language

    monkeypatch.setattr(language, "_from_url", lambda: None)
    monkeypatch.setattr(language, "_from_account", lambda viewer: "kk")
    monkeypatch.setattr(language, "_from_browser", lambda: "ru")
    assert language.current_lang() == "kk"
    monkeypatch.setattr(language, "_from_url", lambda: "uz")
    assert language.current_lang() == "uz"
    monkeypatch.setattr(language, "_from_url", lambda: None)
    monkeypatch.setattr(language, "_from_account", lambda viewer: None)
    assert language.current_lang() == "ru"
    monkeypatch.setattr(language, "_from_browser", lambda: None)
    assert language.current_lang() == "en"

"""The app's wiring: who is signed in (session, cookie, sign-in), which language, the page
list and menu (navigation), what one run shares (per_run, run_context), the freshness gate,
and the cached calls of the query functions (cached_queries, report_cache)."""

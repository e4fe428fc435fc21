"""Helpers the tests share (plain modules, no tests): paths, AppTest steps, the LLM test server, PostgreSQL,
Chromium and app servers, nginx, the interview driver process, and the prober's calibration tables."""

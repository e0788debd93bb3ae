# tests/e2e/view*: the HTML page of textpipe view and run --format html.
# view.sh checks pages as written; view_browser.sh and view_seed.sh load them
# in headless Chromium (skipped without it) and keep a screenshot of each in
# tests/e2e/ of the build tree for people to look at.
TESTS += tests/e2e/view.sh tests/e2e/view_browser.sh tests/e2e/view_seed.sh
EXTRA_DIST += tests/e2e/view.sh tests/e2e/view_browser.sh tests/e2e/view_seed.sh \
	tests/e2e/view/check.py tests/e2e/view/probe.js tests/e2e/view/chromium.sh \
	tests/e2e/view/layers.jsonl tests/e2e/view/hostile.jsonl
CLEANFILES += tests/e2e/view-seed.html tests/e2e/view-seed.png tests/e2e/view-seed.pdf \
	tests/e2e/view-batch.html tests/e2e/view-batch.png

# samples/: short articles written for this project (quickstart, tests).
samplesdir = $(pkgdatadir)/samples
dist_samples_DATA = samples/markets-brief.txt samples/council-budget.txt samples/articles.jsonl

# conf/: the default pipeline (also compiled into textpipe) and example
# newsroom files that inherit it.
dist_conf_DATA = conf/default.cfg
newsroomsdir = $(confdir)/newsrooms
dist_newsrooms_DATA = conf/newsrooms/sydney.cfg conf/newsrooms/london.cfg conf/newsrooms/london-abbreviations.txt

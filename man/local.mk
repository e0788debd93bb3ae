# man/: textpipe(1), textpipe-serve(1), textpipe.cfg(5), textpipe-plugin(7); installed and
# shipped.  tests/sdk/man.sh renders them with warnings on.
dist_man_MANS = man/textpipe.1 man/textpipe-serve.1 man/textpipe.cfg.5 man/textpipe-plugin.7

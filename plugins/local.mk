# plugins/: one folder per shipped plugin; modules are built into plugins/
# so the build tree works as a plugin directory.

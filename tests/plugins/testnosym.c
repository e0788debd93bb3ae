/*
 * testnosym - a module that is not a textpipe plugin: it exports no
 * tp_plugin_entry, and the loader must say so.
 */
int testnosym_answer(void);
__attribute__((visibility("default"))) int testnosym_answer(void) { return 42; }

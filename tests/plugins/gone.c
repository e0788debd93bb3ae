/* gone - the library needsdep.so links against, then removed. */
int tp_test_gone(void);
int tp_test_gone(void) { return 0; }

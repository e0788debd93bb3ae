/*
 * testkit_internal.h - what the testkit's files share (not installed).
 */
#ifndef TPK_INTERNAL_H
#define TPK_INTERNAL_H

/* Prints "FILE:LINE: message" through cmocka and fails the running test;
 * never returns. */
_Noreturn void tpk__fail_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));

#endif

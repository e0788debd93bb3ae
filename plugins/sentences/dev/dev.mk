# Standalone development build of the sentence splitter (the real build is
# autotools, wired in by the framework).  From plugins/sentences:
#
#     make -f dev/dev.mk            # builds $(B)/sbd_dev and $(B)/test_segment
#     make -f dev/dev.mk check      # runs the unit tests
#
# Objects go to $(B) (default /tmp/sbd-build) so the source tree stays clean.
# Characters are read through <textpipe/utf8.h>: an installed textpipe is
# needed (PKG_CONFIG_PATH=PREFIX/lib/pkgconfig for a private one).
B ?= /tmp/sbd-build
CC ?= gcc
CFLAGS ?= -std=c11 -Wall -Wextra -O2
TEXTPIPE_LIBS := $(shell pkg-config --libs textpipe)
comma := ,
CFLAGS += $(shell pkg-config --cflags textpipe)
LIBS = $(TEXTPIPE_LIBS) $(patsubst -L%,-Wl$(comma)-rpath$(comma)%,$(filter -L%,$(TEXTPIPE_LIBS)))
LIB_SRC = chars.c abbrev.c tokenize.c segment.c
LIB_HDR = segment.h sbd_internal.h chars.h

all: $(B)/sbd_dev $(B)/test_segment

$(B)/libsbd.a: $(LIB_SRC) $(LIB_HDR)
	@mkdir -p $(B)
	cd $(B) && for f in $(LIB_SRC); do $(CC) $(CFLAGS) -c $(CURDIR)/$$f -o $${f%.c}.o || exit 1; done
	ar rcs $@ $(addprefix $(B)/,$(LIB_SRC:.c=.o))

$(B)/sbd_dev: dev/sbd_dev.c $(B)/libsbd.a
	$(CC) $(CFLAGS) -o $@ dev/sbd_dev.c $(B)/libsbd.a $(LIBS) -lcjson

$(B)/test_segment: test_segment.c $(B)/libsbd.a
	$(CC) $(CFLAGS) -o $@ test_segment.c $(B)/libsbd.a $(LIBS) -lcmocka

check: $(B)/test_segment
	cd $(CURDIR) && $(B)/test_segment

clean:
	rm -rf $(B)

.PHONY: all check clean
